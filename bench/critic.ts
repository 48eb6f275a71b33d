/**
 * The critic step of sample MI estimation (`infobj estimate`, bmi's protocol): SMILE with the critic MLP (16, 8) on the
 * concatenated pair over all 256² pairs of a batch, X and Y 5-D correlated Gaussians (n = 10,000, half for training),
 * Adam lr 0.1. Time per update over a run of `steps` updates with one evaluation on the held-out half at its end (the
 * PyTorch twin, bench/peer/torch_more.py `critic_step`, runs the same). Run alone: `npx tsx bench/critic.ts`.
 */
import { estimateMI } from '../src/estimate/index.ts';
import { makeRng } from '../src/data/rng.ts';

export async function benchCriticStep({ steps = 200, warm = 50, dim = 5 } = {}) {
  const rng = makeRng('bench-critic');
  const x: number[][] = [];
  const y: number[][] = [];
  for (let i = 0; i < 10_000; i++) {
    const a = Array.from({ length: dim }, () => rng.normal());
    x.push(a);
    y.push(a.map((v) => 0.75 * v + Math.sqrt(1 - 0.75 ** 2) * rng.normal()));
  }
  const run = (n: number) => estimateMI(x, y, { estimator: 'smile', seeds: 1, steps: n, evalEvery: n });
  await run(warm);
  const t0 = performance.now(),
    cpu0 = process.cpuUsage();
  await run(steps);
  const cpu = process.cpuUsage(cpu0);
  return { ms_per_step: (performance.now() - t0) / steps, cpu_ms_per_step: (cpu.user + cpu.system) / 1000 / steps };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { useBackend } = await import('../src/backend/index.ts');
  await useBackend('wasm');
  console.log(JSON.stringify(await benchCriticStep()));
}
