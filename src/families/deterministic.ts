/**
 * Deterministic: z = f(x) in R^size. p(z|x) is a point mass (no density, no entropy), and the marginal p(z) is
 * implicit: known by its samples f(x), which are differentiable in the network (MIGE Circumstance I).
 */
import type { Family } from './family.ts';

export const deterministic: Family = {
  discrete: false,
  oneHot: false,
  bitProbabilities: false,
  gaussianConditional: false,
  rawWidth: (size) => size,
  activate: (raw) => ({ output: raw }),
  explicit: () => undefined,
  sample: { noisy: false, draw: (raw) => raw },
};
