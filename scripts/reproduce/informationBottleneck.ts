/**
 * Information Bottleneck β sweep (lecture notes §3, the variational IB of specs/ib-vib-mnist.yaml): train the VIB for β
 * on a log grid and tabulate test accuracy against what the encoder keeps of its input — the rate E_x KL(q(z|x) ‖ N(0,
 * I)) (an upper bound on I(X;Z)) and the aggregate-posterior estimate of I(X;Z) on the held-out digits (at most log N).
 * Accuracy is that of the stochastic channel, argmax_y p(y|z) at one z ~ q(z|x) per digit, the one I(X;Z) limits; the
 * accuracy of the mean code μ(x) is tabulated beside it.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lineChartSvg } from '../../src/report/index.ts';
import { parseSpecText, type Spec } from '../../src/spec/index.ts';
import { type Size, trainAtSize } from './size.ts';

export const BETAS = [1e-4, 1e-3, 1e-2, 1e-1, 1] as const;
/** Epochs per β: five runs of the spec's network on 7,000 digits fit in 10 minutes on 2 shared cores. */
export const SWEEP_EPOCHS = 6;

export interface SweepRow {
  beta: number;
  test_acc_sampled: number;
  test_acc_mean_code: number;
  rate: number;
  mi_xz: number;
  mi_xz_ceiling: number;
  seconds: number;
}

/** The VIB spec at one β, trained for SWEEP_EPOCHS epochs, its metrics including the encoder's information. */
function atBeta(base: Spec, beta: number): Spec {
  if (base.train.algorithm === 'em') throw new Error(`${base.name}: the β sweep trains a VIB by gradient, not by EM`);
  return {
    ...base,
    name: `${base.name}-beta${beta}`,
    objective: { ...base.objective, hypers: { β: beta } },
    train: { ...base.train, epochs: SWEEP_EPOCHS, checkpointEvery: SWEEP_EPOCHS },
    eval: { metrics: ['accuracy', 'information'] },
  };
}

/** Run the sweep (seed 0); write the accuracy-vs-information plot to ib-beta-sweep.svg among the size's images. */
export async function betaSweep(size: Size, file = 'specs/ib-vib-mnist.yaml'): Promise<SweepRow[]> {
  const base = parseSpecText(readFileSync(file, 'utf8'), file);
  const rows: SweepRow[] = [];
  for (const beta of BETAS) {
    const report = await trainAtSize(atBeta(base, beta), 0, size);
    const m = report.metrics;
    rows.push({
      beta,
      test_acc_sampled: m.test_acc_sampled,
      test_acc_mean_code: m.test_acc,
      rate: m.rate,
      mi_xz: m.mi_xz,
      mi_xz_ceiling: m.mi_xz_ceiling,
      seconds: Number(report.seconds.toFixed(1)),
    });
  }
  mkdirSync(size.images, { recursive: true });
  await writeSweepPlot(rows, join(size.images, 'ib-beta-sweep.svg'));
  return rows;
}

/** Test accuracy against the two measures of I(X;Z), and the mean code's accuracy against the rate. */
export async function writeSweepPlot(rows: readonly SweepRow[], svg: string): Promise<void> {
  const points = rows.flatMap((r) => [
    { x: r.rate, y: r.test_acc_sampled, series: 'z ~ q(z|x), vs rate' },
    { x: r.mi_xz, y: r.test_acc_sampled, series: 'z ~ q(z|x), vs I(X;Z) est.' },
    { x: r.rate, y: r.test_acc_mean_code, series: 'mean μ(x), vs rate' },
  ]);
  const logX = points.every((p) => p.x > 0);
  const title = `VIB on MNIST, β = ${BETAS.join(', ')}: test accuracy vs I(X;Z) (estimate ≤ log N = ${rows[0].mi_xz_ceiling.toFixed(2)})`;
  writeFileSync(
    svg,
    await lineChartSvg(points, { title, x: logX ? 'nats (log scale)' : 'nats', y: 'test accuracy', logX }),
  );
}
