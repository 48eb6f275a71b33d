/**
 * The multi-scale objective of Neural Bayes Appendix E: the first two terms of MIM-v2 (Eq. 10),
 * −E_x Σ_k L_k log(L_k + ε) + (1 + α)·R_p, applied to every head of `multiScaleHeads`, averaged over heads.
 * Each head is a categorical encoder of its own, planned and lowered like any objective.
 */
import * as tf from '../tf.ts';
import { add, E, encoder, hyper, log, minimize, mul, neg, out, sumK, uniformPrior, variable } from '../expr/index.ts';
import { lower, type LowerInputs } from '../lower/index.ts';
import { multiScaleHeads, type Network } from '../models/index.ts';
import { plan } from '../plan/index.ts';
import { SpecError } from '../spec/errors.ts';

const EPSILON = 1e-7;

/**
 * The loss of the heads of `net` given the inputs of the main objective (same batch and seed; α from its
 * hyper-parameters, else 0): `headLosses` one per head, `loss` their mean.
 */
export function multiScaleLoss(
  net: Network,
  inputShape: number[],
  alpha = 'α',
): { heads: string[]; headLosses: (inputs: LowerInputs) => tf.Scalar[]; loss: (inputs: LowerInputs) => tf.Scalar } {
  const X = variable('X');
  const { heads, reset } = multiScaleHeads(net, inputShape);
  if (heads.length === 0)
    throw new SpecError([
      {
        path: 'model.heads',
        message: `multiscale needs hidden layers with a spatial extent (cnn-mnist, cnn-cifar); ${net.describe} has none`,
      },
    ]);
  const compiled = heads.map((head, i) => {
    const enc = encoder(variable(`H${i}`), X, {
      family: 'categorical',
      model: `head:${head.name}`,
      size: head.channels,
    });
    const Lx = out(enc);
    const objective = minimize(
      add(neg(E(X, sumK(mul(Lx, log(add(Lx, EPSILON)))))), mul(add(1, hyper(alpha)), uniformPrior(enc))),
    );
    return { head, lowered: lower(plan(objective)) };
  });
  const headLosses = (inputs: LowerInputs) => {
    reset();
    return compiled.map(({ head, lowered }) =>
      lowered.loss({
        ...inputs,
        hypers: { [alpha]: 0, ...inputs.hypers },
        models: { ...inputs.models, [`head:${head.name}`]: head.model },
      }),
    );
  };
  return {
    heads: compiled.map((c) => c.head.name),
    headLosses,
    loss: (inputs) => tf.div(tf.addN(headLosses(inputs)), compiled.length) as tf.Scalar,
  };
}
