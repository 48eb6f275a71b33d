/** The networks of a spec's encoders, sized to the data. */
import { cnnCifar, cnnMnist, gaussianChannel, mlp, vrnn, type Network, type Vrnn } from '../models/index.ts';
import { givensOf, type EncoderSpec, type PriorSpec } from '../spec/schema.ts';
import type { Dataset } from '../data/index.ts';
import type { Prepared } from '../spec/compile.ts';
import type { NetworkInput } from '../plan/index.ts';

/** Output width of a network for an encoder: a Gaussian needs a mean and a log-variance per dimension. */
export const outputWidth = (e: EncoderSpec): number => (e.family === 'gaussian' ? 2 * e.size : e.size);

/**
 * Width of an encoder's input: per given variable, the size of a latent prior, else of the encoder that produces it (a
 * decoder's latent), else the data's dimension; a list of givens adds up.
 */
function inputWidth(e: EncoderSpec, encoders: readonly EncoderSpec[], data: Dataset, priors: readonly PriorSpec[] = []): number {
  return givensOf(e).reduce((sum, v) => sum + variableWidth(v, encoders, data, priors), 0);
}

/** Values per sample of `v`: the size of its latent prior, else of the encoder that produces it, else the data's. */
const variableWidth = (v: string, encoders: readonly EncoderSpec[], data: Dataset, priors: readonly PriorSpec[] = []) =>
  priors.find((p) => p.name === v)?.size ?? encoders.find((other) => (other.target ?? 'Z') === v)?.size ?? data.dim;

/** The one VRNN module of the encoders with a vrnn network, sized by its posterior: d_z = size/T, d_x = data.dim/T. */
function vrnnOf(encoders: readonly EncoderSpec[], data: Dataset, seed: number): Vrnn | undefined {
  const i = encoders.findIndex((e) => e.net.kind === 'vrnn' && e.net.part === 'posterior');
  if (i < 0) return undefined;
  const { size, net } = encoders[i];
  const steps = data.steps ?? 1;
  return vrnn({ steps, stepDim: data.dim / steps, latentDim: size / steps, units: net.units!, hidden: net.hidden!, seed: seed * 1000 + i });
}

/** One network per encoder, initialised from `seed` (encoder i uses seed + i); the parts of a VRNN share one module. */
export function buildNetworks(encoders: readonly EncoderSpec[], data: Dataset, seed: number, priors: readonly PriorSpec[] = []): Record<string, Network> {
  const nets: Record<string, Network> = {};
  const recurrent = vrnnOf(encoders, data, seed);
  encoders.forEach((e, i) => {
    const s = seed * 1000 + i;
    const output = outputWidth(e);
    switch (e.net.kind) {
      case 'mlp':
        nets[e.name] = mlp({ input: inputWidth(e, encoders, data, priors), hidden: e.net.hidden ?? [], output, batchNorm: e.net.batchNorm ?? true, activation: 'relu', inputDropout: e.net.inputDropout, seed: s });
        break;
      case 'cnn-mnist':
        nets[e.name] = cnnMnist({ output, widthScale: e.net.widthScale, seed: s });
        break;
      case 'cnn-cifar':
        nets[e.name] = cnnCifar({ output, widthScale: e.net.widthScale, seed: s });
        break;
      case 'gaussian-channel':
        nets[e.name] = gaussianChannel({ rho: data.rho ?? 0, trainable: e.net.trainable ?? true });
        break;
      case 'vrnn':
        nets[e.name] = recurrent![e.net.part!];
        break;
    }
  });
  return nets;
}

/**
 * Exactly the networks the plan declares (`TermPlan.network`), under their ids: a critic T(x, z) → [B, 1] of a bound, a
 * discriminator T(x) of a JSD between sampled distributions; MLP 256-256, ReLU, term i seeded seed·1000 + 500 + i. An
 * input's width is the plan's size for it (the critic's z), else that of its variable (see `inputWidth`).
 */
export function buildCritics(p: Prepared, encoders: readonly EncoderSpec[], data: Dataset, seed: number): Record<string, Network> {
  const nets: Record<string, Network> = {};
  p.plan.terms.forEach((t, i) => {
    if (!t.network) return;
    const width = ({ variable, size }: NetworkInput) => size ?? variableWidth(variable, encoders, data);
    const input = t.network.inputs.reduce((sum, x) => sum + width(x), 0);
    const s = seed * 1000 + 500 + i;
    nets[t.network.id] = mlp({ input, hidden: [256, 256], output: 1, batchNorm: false, activation: 'relu', seed: s });
  });
  return nets;
}

/** Shape of one input sample as the networks take it: images as HWC, everything else flat. */
export const sampleShape = (encoders: readonly EncoderSpec[], data: Dataset): number[] =>
  encoders.some((e) => e.net.kind !== 'mlp') && data.imageShape ? [...data.imageShape] : [data.dim];
