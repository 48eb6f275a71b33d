/** A map applied to each row of one side of a sample: a diffeomorphism (or, for the Swiss roll, an embedding). */
export interface MiTransform {
  /** How many coordinates the map adds (0 for a diffeomorphism). */
  readonly addDim: number;
  /** The image of one row. */
  readonly map: (row: Float64Array) => Float64Array;
}

/** The same strictly monotone function on every coordinate. */
export const elementwise = (f: (t: number) => number): MiTransform => ({ addDim: 0, map: (row) => row.map(f) });
