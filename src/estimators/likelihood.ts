/**
 * Log-likelihoods of explicit conditionals at the values their variables take in a call: observed data, or the
 * reparameterised sample of the encoder that produces them (lecture notes §3: log P_Φ(x|z) at z = μ + σ·ε).
 */
import * as tf from '../tf.ts';
import type { Encoder } from '../expr/index.ts';
import { familyOf } from '../families/index.ts';
import type { TermContext } from '../term/context.ts';

/** log p_enc(target | given) per sample, at the call's values of both variables (the family's log-density). */
export function logLikelihood(enc: Encoder, ctx: TermContext): tf.Tensor1D {
  const { logDensity } = familyOf(enc.family);
  if (!logDensity) throw new Error(`log-likelihood of a ${enc.family} conditional is not defined here (${enc.model})`);
  const at = ctx.valueOf(enc.target);
  const v = tf.reshape(at, [at.shape[0], -1]) as tf.Tensor2D;
  return logDensity(v, ctx.forward(enc)) as tf.Tensor1D;
}
