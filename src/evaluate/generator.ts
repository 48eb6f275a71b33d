/**
 * Evaluation of a generator G(z[, c]) fed by latent priors (a GAN or an InfoGAN): fresh samples against the labelled
 * data's mixture components (coverage, high-quality fraction) and, with a categorical code c and its posterior Q(c|g),
 * the InfoGAN bound H(C) + E[log Q(c|G(z,c))] ≤ I(C; G) (lecture notes §2.5, Eq. 6) beside log K, and how well the code
 * names the component its sample lands in.
 */
import * as tf from '../tf.ts';
import type { Dataset } from '../data/index.ts';
import { makeRng } from '../data/rng.ts';
import { familyOf } from '../families/index.ts';
import { adjustedRandIndex } from '../metrics/index.ts';
import { componentsOf, coverage, matchedAccuracy, nearestComponent } from '../metrics/mixtureCoverage.ts';
import type { Network } from '../models/index.ts';
import type { GeneratorRole } from '../spec/evaluation.ts';
import type { PriorSpec } from '../spec/schema.ts';

/** Samples drawn for the evaluation. */
const DRAWS = 2000;
/** Data points shown beside them in the scatter plot. */
const SHOWN_DATA = 1000;

export interface GeneratorEvaluation {
  readonly metrics: Record<string, number>;
  /** Data and generated points with their legend labels, for a scatter plot (2-D data only). */
  readonly scatter?: { readonly points: Float32Array; readonly labels: string[] };
}

/** Draws of a prior: N(0, I) rows, or uniform codes as one-hot rows with their indices. */
function draw(p: PriorSpec, n: number, seed: number): { values: tf.Tensor2D; codes?: Int32Array } {
  if (p.family === 'standard-normal') return { values: tf.randomNormal([n, p.size], 0, 1, 'float32', seed) };
  const rng = makeRng(`${seed}:code:${p.name}`);
  const codes = Int32Array.from({ length: n }, () => Math.floor(rng.uniform() * p.size));
  return { values: tf.oneHot(tf.tensor1d(codes, 'int32'), p.size).toFloat() as tf.Tensor2D, codes };
}

/** The metrics and scatter points of a generator fed by priors. */
export function evaluateGenerator(
  generator: GeneratorRole,
  nets: Record<string, Network>,
  evalSet: Dataset,
  seed: number,
): GeneratorEvaluation {
  const gen = generator.network;
  const drawn = generator.priors.map((p, i) => ({ prior: p, ...draw(p, DRAWS, seed * 31 + i + 1) }));
  const samples = tf.tidy(() => {
    const raw = nets[gen.name].apply(
      tf.concat(
        drawn.map((d) => d.values),
        1,
      ),
      false,
    ) as tf.Tensor2D;
    return familyOf(gen.family).activate(raw, gen.size).output; // the point estimate: a Gaussian's mean
  });
  const g = samples.dataSync() as Float32Array;
  const metrics: Record<string, number> = {};
  const sameSpace = evalSet.labels && evalSet.dim === gen.size;
  const comps = sameSpace ? componentsOf(evalSet.x, evalSet.labels!, evalSet.dim) : undefined;
  if (comps) {
    const c = coverage(g, comps);
    Object.assign(metrics, {
      gan_high_quality: c.highQuality,
      gan_modes_covered: c.covered,
      gan_modes: comps.k,
      gan_mode_kl: c.modeKl,
    });
  }
  const code = drawn.find((d) => d.codes);
  const q = code && generator.codePosterior;
  if (code && q) {
    const logQ = tf.tidy(
      () => tf.mean(tf.sum(tf.mul(tf.logSoftmax(nets[q.name].apply(samples, false)), code.values), 1)).dataSync()[0],
    );
    // lecture notes §2.5 Eq. 6: I(C; G(Z,C)) ≥ H(C) + E[log Q(c|G(z,c))], H(C) = log K for a uniform code
    Object.assign(metrics, {
      infogan_mi_bound: Math.log(code.prior.size) + logQ,
      infogan_log_k: Math.log(code.prior.size),
    });
    if (comps) {
      const landed = nearestComponent(g, comps).component;
      metrics.infogan_code_ari = adjustedRandIndex(code.codes!, landed);
      if (code.prior.size === comps.k) metrics.infogan_code_accuracy = matchedAccuracy(code.codes!, landed, comps.k);
    }
  }
  drawn.forEach((d) => d.values.dispose());
  samples.dispose();
  if (evalSet.dim !== 2 || gen.size !== 2) return { metrics };
  const shown = Math.min(SHOWN_DATA, evalSet.n);
  const points = new Float32Array(2 * (shown + DRAWS));
  points.set(evalSet.x.subarray(0, 2 * shown));
  points.set(g, 2 * shown);
  const labels = [
    ...Array.from({ length: shown }, () => 'data'),
    ...Array.from({ length: DRAWS }, (_, i) => (code ? `code ${code.codes![i]}` : 'generated')),
  ];
  return { metrics, scatter: { points, labels } };
}
