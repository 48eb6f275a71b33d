/**
 * The PyTorch target's overhead (issue: at most 1.15× the hand-written twin's time): bench/specs/mim-mlp-step.yaml is
 * generated as a PyTorch program into a scratch folder, and bench/peer/pytorch_target_step.py times its step against
 * the hand-written twin in one process, alternating. Which of the two a process warms first moves its time by up to
 * ±30 % here (where the process puts each one's tensors), so the script runs in PROCESSES fresh processes, each order in
 * half of them: the medians over processes, and the median of their ratios. `tsx bench/pytorchTarget.ts [--threads N]`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generatePytorch } from '../src/cli/generatePytorch.ts';
import { loadSpec } from '../src/spec/index.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

export interface TargetStep {
  readonly impl: 'generated' | 'hand-written';
  readonly ms_per_step: number;
  readonly samples_per_s: number;
  /** Each process's median. */
  readonly runs: number[];
}

/** Fresh processes, half of them warming the generated step first. */
const PROCESSES = 6;

/** The middle value (the upper one of an even count). */
export const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];

/** Both steps' medians, or why they could not be measured. */
export async function benchPytorchTarget(python: string, threads: number): Promise<TargetStep[] | string> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'infobj-bench-pytorch-'));
  try {
    writeFileSync(
      path.join(dir, 'train.py'),
      await generatePytorch(loadSpec(path.join(here, 'specs/mim-mlp-step.yaml')), dir),
    );
    const env = { ...process.env, OPENBLAS_NUM_THREADS: String(threads), OMP_NUM_THREADS: String(threads) };
    const script = [
      path.join(here, 'peer/with_threads.py'),
      String(threads),
      path.join(here, 'peer/pytorch_target_step.py'),
    ];
    const lines: TargetStep[] = [];
    for (let p = 0; p < PROCESSES; p++) {
      const first = p % 2 === 0 ? 'generated' : 'hand-written';
      const run = spawnSync(python, [...script, dir, '--first', first], { encoding: 'utf8', env, timeout: 600_000 });
      if (run.status !== 0) return `the PyTorch target's step failed: ${run.stderr.slice(-300)}`;
      lines.push(
        ...run.stdout
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l) as TargetStep),
      );
    }
    return (['generated', 'hand-written'] as const).map((impl) => {
      const runs = lines.filter((l) => l.impl === impl).map((l) => l.ms_per_step);
      const ms = median(runs);
      return { impl, ms_per_step: ms, samples_per_s: (500 / ms) * 1000, runs };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const at = process.argv.indexOf('--threads');
  const rows = await benchPytorchTarget('/usr/bin/python3', at > 0 ? Number(process.argv[at + 1]) : 2);
  if (typeof rows === 'string') throw new Error(rows);
  for (const r of rows) console.log(JSON.stringify(r));
  const [g, h] = ['generated', 'hand-written'].map((i) => rows.find((r) => r.impl === i)!.runs);
  const ratios = g.map((x, i) => x / h[i]);
  console.log(
    `generated / hand-written: median ${median(ratios).toFixed(3)}× (processes: ${ratios.map((r) => r.toFixed(2)).join(', ')})`,
  );
}
