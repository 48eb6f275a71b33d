/**
 * Adam with one fused kernel per variable (src/backend/adam_kernel.ts) where the backend has it (wasm with the native
 * kernels), instead of tfjs-core's ≈ 14 element-wise kernels per variable. The same class, state and arithmetic as tf.train.adam — the
 * moments are the same `${name}/m`, `${name}/v` variables, the running powers the same accBeta1/2 — so getWeights,
 * setWeights and the checkpoints' extra state (optimizerState.ts) are unchanged and the updates bit-identical. Without
 * the kernel (plain wasm, cpu, browsers) tfjs-core's own update runs.
 */
import * as tf from '../tf.ts';
import { ADAM_KERNEL, type AdamAttrs } from '../backend/adam_kernel.ts';

/** AdamOptimizer's private fields, as tfjs-core 4 names them. */
interface AdamFields {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  accumulatedFirstMoment: { originalName: string; variable: tf.Variable }[];
  accumulatedSecondMoment: { originalName: string; variable: tf.Variable }[];
}

export class FusedAdamOptimizer extends tf.AdamOptimizer {
  override applyGradients(variableGradients: Parameters<tf.AdamOptimizer['applyGradients']>[0]): void {
    if (!tf.getKernel(ADAM_KERNEL, tf.getBackend())) {
      super.applyGradients(variableGradients);
      return;
    }
    const self = this as unknown as AdamFields;
    const named = Array.isArray(variableGradients)
      ? variableGradients
      : Object.keys(variableGradients).map((name) => ({ name, tensor: variableGradients[name] }));
    const attrs: AdamAttrs = {
      beta1: self.beta1,
      beta2: self.beta2,
      epsilon: self.epsilon,
      learningRate: self.learningRate,
    };
    tf.tidy(() => {
      named.forEach(({ name, tensor: grad }, i) => {
        const value = tf.engine().registeredVariables[name];
        const slot = (suffix: string) => ({
          originalName: `${name}/${suffix}`,
          variable: tf.tidy(() => tf.zerosLike(value).variable(false)),
        });
        self.accumulatedFirstMoment[i] ??= slot('m');
        self.accumulatedSecondMoment[i] ??= slot('v');
        if (grad == null) return;
        const m = self.accumulatedFirstMoment[i].variable,
          v = self.accumulatedSecondMoment[i].variable;
        const inputs = { param: value, grad, m, v, accBeta1: self.accBeta1, accBeta2: self.accBeta2 };
        const [p2, m2, v2] = tf
          .engine()
          .runKernel(ADAM_KERNEL, inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
        m.assign(m2);
        v.assign(v2);
        value.assign(p2);
      });
      self.accBeta1.assign(tf.mul(self.accBeta1, self.beta1));
      self.accBeta2.assign(tf.mul(self.accBeta2, self.beta2));
    });
    this.incrementIterations();
  }
}

/** Adam's default decay rates [β₁, β₂] (Kingma & Ba 2015, tf.train.adam's and PyTorch's). */
export const ADAM_BETAS: readonly [number, number] = [0.9, 0.999];

/** Adam with decay rates `betas` (default ADAM_BETAS) and the backend's ε, with the fused update. */
export const fusedAdam = (learningRate: number, betas = ADAM_BETAS): FusedAdamOptimizer =>
  new FusedAdamOptimizer(learningRate, betas[0], betas[1]);
