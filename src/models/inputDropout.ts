/**
 * Input dropout (a denoising autoencoder's masking noise, lecture notes §2) whose mask is drawn afresh at every step:
 * its seed is set from the step's seed before the step's passes (`reseed`), so every pass of one step (R_c's second
 * one too) reads the same mask, the next step another, and a resumed run the same ones. tfjs' own dropout layer keeps
 * the seed it was built with, which draws one mask for the whole run.
 */
import * as tf from '../tf.ts';
import { tfSeed } from '../data/rng.ts';

/** The mask's seed at a step: a function of the layer's seed and the step's only. */
export const dropoutSeed = (layer: number, step: number): number => tfSeed(layer * 1_009 + step);

export class InputDropout extends tf.layers.Layer {
  static readonly className = 'InputDropout';
  private seed: number;

  constructor(
    private readonly rate: number,
    private readonly layerSeed: number,
  ) {
    super({});
    this.seed = dropoutSeed(layerSeed, 0);
  }

  /** Draw the following passes' mask from the step's seed. */
  reseed(step: number): void {
    this.seed = dropoutSeed(this.layerSeed, step);
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: { training?: boolean }): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    // each value kept with probability 1 − rate and scaled by 1/(1 − rate)
    return kwargs.training ? tf.dropout(x, this.rate, undefined, this.seed) : x;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), rate: this.rate, layerSeed: this.layerSeed };
  }
}
tf.serialization.registerClass(InputDropout);
