/** The networks of a spec's encoders, sized to the data. */
import { cnnCifar, cnnMnist, gaussianChannel, mlp, vrnn, type Network, type Vrnn } from '../models/index.ts';
import { givenOf, type EncoderSpec, type PriorSpec } from '../spec/schema.ts';
import type { Dataset } from '../data/index.ts';
import { familyOf } from '../families/index.ts';
import { criticName, discriminatorName } from '../estimators/index.ts';
import { CRITIC_BOUNDS } from '../plan/index.ts';
import type { Prepared } from '../spec/compile.ts';

/** Output width of a network for an encoder, its family's: a Gaussian's mean and log-variance per dimension. */
export const outputWidth = (e: EncoderSpec): number => familyOf(e.family).rawWidth(e.size);

/**
 * Width of an encoder's input: per given variable, the size of a latent prior, else of the encoder that produces it (a
 * decoder's latent), else the data's dimension; a list of givens adds up.
 */
function inputWidth(e: EncoderSpec, encoders: readonly EncoderSpec[], data: Dataset, priors: readonly PriorSpec[] = []): number {
  const width = (v: string) => priors.find((p) => p.name === v)?.size ?? encoders.find((other) => (other.target ?? 'Z') === v)?.size ?? data.dim;
  return givenOf(e)
    .split(',')
    .reduce((sum, v) => sum + width(v), 0);
}

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
 * A critic T(x, z) → [B, 1] for every mutual information the plan estimates with a critic bound, and a discriminator
 * T(x) for every JSD between sampled distributions (MLP 256-256, ReLU; both distributions live in the data's space).
 */
export function buildCritics(p: Prepared, encoders: readonly EncoderSpec[], data: Dataset, seed: number): Record<string, Network> {
  const nets: Record<string, Network> = {};
  p.plan.terms.forEach((t, i) => {
    if (t.estimator === 'jsd-discriminator') {
      nets[discriminatorName(t.term)] = mlp({ input: data.dim, hidden: [256, 256], output: 1, batchNorm: false, activation: 'relu', seed: seed * 1000 + 500 + i });
      return;
    }
    if (!(CRITIC_BOUNDS as readonly string[]).includes(t.estimator)) return;
    const enc = p.encoders.find((e) => t.term === `I(${e.given};${e.target})`);
    if (!enc) return;
    const zWidth = enc.size; // the critic reads the encoder's sample or its output L(x): `size` columns in every family
    nets[criticName(enc)] = mlp({ input: inputWidth({ ...encoders.find((e) => e.name === enc.model)!, given: enc.given }, encoders, data) + zWidth, hidden: [256, 256], output: 1, batchNorm: false, activation: 'relu', seed: seed * 1000 + 500 + i });
  });
  return nets;
}

/** Shape of one input sample as the networks take it: images as HWC, everything else flat. */
export const sampleShape = (encoders: readonly EncoderSpec[], data: Dataset): number[] =>
  encoders.some((e) => e.net.kind !== 'mlp') && data.imageShape ? [...data.imageShape] : [data.dim];
