/** Stopping a run on NaN/Inf: the step, and the term that produced it. */
import type { LabelledValue } from './loop.ts';

export class NonFiniteError extends Error {
  constructor(
    readonly epoch: number,
    readonly step: number,
    readonly what: string,
  ) {
    super(`training stopped at epoch ${epoch}, step ${step}: ${what}`);
  }
}

/** Describe which terms are non-finite, from the terms' values (labelled by their printed text). */
export function blame(loss: number, terms: readonly LabelledValue[]): string {
  const bad = terms.filter(({ value }) => !Number.isFinite(value));
  const values = terms.map(({ term, value }) => `${term} = ${value}`).join(', ');
  if (!Number.isFinite(loss) && bad.length)
    return `the loss is ${loss}; the term ${bad[0].term} is ${bad[0].value} (terms: ${values})`;
  if (!Number.isFinite(loss))
    return `the loss is ${loss} while every estimated term is finite (terms: ${values}): look at the arithmetic around them (log of 0, division by 0)`;
  return `the gradient is not finite while the loss is ${loss} (terms: ${values})`;
}
