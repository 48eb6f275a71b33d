/** The part of jStat (npm `jstat`, which ships no types) the estimators use. */
declare module 'jstat' {
  const jStat: {
    readonly normal: {
      /** The normal quantile function Φ⁻¹(p) of N(mean, std²). */
      inv(p: number, mean: number, std: number): number;
    };
  };
  export default jStat;
}
