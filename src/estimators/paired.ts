/**
 * I(Z;W) between two discrete encoder outputs read on paired samples (IIC, Ji et al. 2019, Eq. 1–3): the joint of the
 * minibatch is P = (1/B) Σ_b p(z|x_b) p(w|x'_b)ᵀ, symmetrised P ← (P + Pᵀ)/2 when one network reads both views
 * (Z and Z' are then exchangeable), and I = Σ_{k,l} P_kl log(P_kl / (P_k· P_·l)), an exact plug-in of the batch joint.
 * H(Z,W) = −Σ P log P and H(Z|W) = H(Z,W) − H(W) plug P in with a stop-gradient inside the log: Neural Bayes Theorem 2
 * on the joint states (Σ ∂P = 0), so their gradient is the exact plug-in's.
 */
import * as tf from '../tf.ts';
import { hasExplicitMarginal, symmetrises, type Encoder } from '../expr/index.ts';
import { encoderRef, q, TorchUnsupported, torchUnsupported } from '../targets/pytorch/lowering.ts';
import { isPaired, lowerTarget, pairing } from '../plan/pairs.ts';
import { labelsJoint, offerUnder } from '../plan/variableRules.ts';
import { RULE } from '../plan/rules.ts';
import type { TermContext } from '../term/context.ts';
import { safeLog, stopGradient } from '../term/ops.ts';
import { free } from '../term/value.ts';
import { unsupported, type EstimatorModule } from './types.ts';

/** P = (1/B) Σ_b p_b q_bᵀ [K, L] of state probabilities p [B, K] and q [B, L] (IIC Eq. 3), symmetrised if asked. */
export function pairedJoint(p: tf.Tensor2D, q: tf.Tensor2D, symmetric: boolean): tf.Tensor2D {
  const joint = tf.div(tf.matMul(p, q, true, false), p.shape[0]) as tf.Tensor2D;
  return symmetric ? (tf.div(tf.add(joint, tf.transpose(joint)), 2) as tf.Tensor2D) : joint;
}

/** I = Σ_kl P_kl (log P_kl − log P_k· − log P_·l) of a joint P (IIC Eq. 1 with Eq. 3's plug-in). */
export function jointInformation(joint: tf.Tensor2D): tf.Scalar {
  const rows = tf.sum(joint, 1, true);
  const cols = tf.sum(joint, 0, true);
  const ratio = tf.sub(tf.sub(safeLog(joint), safeLog(rows)), safeLog(cols));
  return tf.sum(tf.mul(joint, ratio)) as tf.Scalar;
}

/** −Σ p log sg(p) of a distribution p: the value of −Σ p log p, and its gradient (Theorem 2: Σ ∂p = 0). */
export const entropyTheorem2 = (p: tf.Tensor): tf.Scalar =>
  tf.neg(tf.sum(tf.mul(p, safeLog(stopGradient(p))))) as tf.Scalar;

/** H(Z,W) = −Σ P log P, or H(Z|W) = H(Z,W) − H(W) with H(W) of the column sums of P. */
export const jointEntropy = (joint: tf.Tensor2D, conditional: boolean): tf.Scalar =>
  conditional ? tf.sub(entropyTheorem2(joint), entropyTheorem2(tf.sum(joint, 0))) : entropyTheorem2(joint);

export const pairedPlugin: EstimatorModule<'paired-plugin'> = {
  name: 'paired-plugin',
  source: 'IIC (Ji, Henriques, Vedaldi 2019), Eq. 1 and 3: plug-in of the paired joint, symmetrised',
  pytorch: {
    equation:
      'IIC Eq. 1 and 3, P = E_b[p(z|x_b) p(w|x′_b)ᵀ] over the whole minibatch, symmetrised when one network reads both',
    lower: (node) => {
      if (node.kind !== 'pairedInfo' && node.kind !== 'pairedEntropy') return torchUnsupported('paired-plugin', node);
      const probs = (enc: Encoder) => {
        if (enc.layer !== undefined)
          throw new TorchUnsupported(
            `${enc.target} reads hidden layer ${enc.layer} of ${enc.model}: hidden layers as variables are not in the PyTorch target yet`,
          );
        // a head is read through its own key (network/head) on the view this use reads: one trunk pass per view
        return `b.probs(${encoderRef(enc)}, given=${q(enc.given.join())})`;
      };
      const joint = `joint = paired_joint(${probs(node.a)}, ${probs(node.b)}, symmetric=${symmetrises(node.a, node.b) ? 'True' : 'False'})`;
      const [a, b] = [node.a.target, node.b.target].map((v) => v.replaceAll("'", '_prime').replace(/\W/g, '_'));
      if (node.kind === 'pairedInfo')
        return {
          body: [joint, 'return joint_information(joint)'],
          helpers: ['pairedJoint'],
          name: `information_${a}_${b}`,
        };
      return {
        body: [joint, `return joint_entropy(joint${node.conditional ? ', conditional=True' : ''})`],
        helpers: ['pairedJoint'],
        name: `${node.conditional ? 'conditional_' : ''}entropy_${a}_${b}`,
      };
    },
  },
  offers: [
    {
      /**
       * I(Z;W), H(Z,W), H(Z|W) of two explicit discrete encoders on paired samples → the plug-in of the batch joint
       * P = E_b[p(z|x_b) p(w|y_b)ᵀ] (IIC Eq. 3), symmetrised when one network reads both views. The entropies keep P
       * inside the log with a stop-gradient: Theorem 2 of Neural Bayes on the K·L joint states (each p(z|x) p(w|y)ᵀ sums
       * to 1, so Σ ∂P = 0 and the gradient through the log vanishes).
       */
      rule: RULE.pairedJoint,
      candidate: ({ node }) => {
        if (!isPaired(node) || !hasExplicitMarginal(node.a) || !hasExplicitMarginal(node.b)) return undefined;
        const [z, w] = [lowerTarget(node.a), lowerTarget(node.b)];
        const sym = symmetrises(node.a, node.b)
          ? `; one network (${node.a.head === undefined ? node.a.model : `${node.a.model}, head ${node.a.head}`}) reads both views, so ${z} and ${w} are exchangeable and P ← (P + Pᵀ)/2`
          : '';
        const joint = `both are explicit discrete: the joint P = E_b[${pairing(node.a, node.b)}] of the paired minibatch is exact`;
        const bias = 'the log of the batch joint makes the gradient biased, the bias falls with the batch size';
        if (node.kind === 'pairedInfo')
          return {
            reason: `${joint}, I = Σ P log(P / (P_row P_col)) with no density model or critic (IIC Eq. 1, 3)${sym}; ${bias}`,
            gradient: 'biased',
          };
        const value = node.conditional
          ? `H(${node.a.target}|${node.b.target}) = H(${node.a.target},${node.b.target}) − H(${node.b.target}) = −Σ P log P + Σ P_col log P_col`
          : `H(${node.a.target},${node.b.target}) = −Σ P log P`;
        return {
          reason:
            `${joint}, ${value}${sym}; Σ_kl ∂P_kl = 0, so the gradient through the log vanishes and P is plugged in with ` +
            `stop-gradient inside it (Neural Bayes Theorem 2 on the joint states): the same gradient as the exact plug-in's; ${bias}`,
          gradient: 'biased',
        };
      },
    },
    offerUnder(RULE.labelsJoint, labelsJoint, 'paired-plugin'),
  ],
  lower: (node, ctx: TermContext) => {
    if (node.kind === 'dataInfo' && node.labels) {
      // I(Z;Y) with the labels: P = E_b[p(z|x_b) y_bᵀ], y one-hot (no gradient reaches the data)
      const y = ctx.input(node.v);
      return free(
        jointInformation(pairedJoint(ctx.probs(node.enc), tf.reshape(y, [y.shape[0], -1]) as tf.Tensor2D, false)),
      );
    }
    if (node.kind !== 'pairedInfo' && node.kind !== 'pairedEntropy') return unsupported('paired-plugin', node);
    const joint = pairedJoint(ctx.probs(node.a), ctx.probs(node.b), symmetrises(node.a, node.b));
    return free(node.kind === 'pairedInfo' ? jointInformation(joint) : jointEntropy(joint, node.conditional));
  },
};
