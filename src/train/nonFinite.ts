/** Stopping a run on NaN/Inf: the step, and the term that produced it. */

export class NonFiniteError extends Error {
  constructor(
    readonly epoch: number,
    readonly step: number,
    readonly what: string,
  ) {
    super(`training stopped at epoch ${epoch}, step ${step}: ${what}`);
  }
}

/** Describe which terms are non-finite, from a map of term values. */
export function blame(loss: number, terms: Record<string, number>): string {
  const bad = Object.entries(terms).filter(([, v]) => !Number.isFinite(v));
  const values = Object.entries(terms)
    .map(([k, v]) => `${k} = ${v}`)
    .join(', ');
  if (!Number.isFinite(loss) && bad.length) return `the loss is ${loss}; the term ${bad[0][0]} is ${bad[0][1]} (terms: ${values})`;
  if (!Number.isFinite(loss)) return `the loss is ${loss} while every estimated term is finite (terms: ${values}): look at the arithmetic around them (log of 0, division by 0)`;
  return `the gradient is not finite while the loss is ${loss} (terms: ${values})`;
}
