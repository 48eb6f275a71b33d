/**
 * `infobj train --engine pytorch`: the run folder is claimed as for tfjs (claim.ts), the generated PyTorch program and
 * the arrays it reads go into `<run>/pytorch/`, the program trains (N processes when --nproc N) and writes the
 * checkpoints in the run folder's format; the metrics are then computed by the tfjs evaluation from its final
 * checkpoint (what `infobj eval` does), and report.json and the plots are written as for a tfjs run.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { print } from '../expr/index.ts';
import { evaluateRun } from '../evaluate/index.ts';
import type { CompiledSpec, GradientTraining } from '../spec/compiled.ts';
import { exportRunData } from '../targets/pytorch/export.ts';
import { pytorchProgram } from '../targets/pytorch/program.ts';
import type { TorchPython } from '../targets/pytorch/python.ts';
import { TrainingInterrupted } from '../train/loop.ts';
import type { EpochRecord } from '../train/loop.ts';
import { claimRun } from './claim.ts';
import { restoreNetworks } from './evaluateSaved.ts';
import { runNetworks } from './networks.ts';
import { writePlots } from './plots.ts';
import { writeReport, type Report, type RunContext } from './report.ts';
import { listFiles, PYTORCH_FOLDER, REPORT, RunDirError } from './runDir.ts';
import type { TrainOptions } from './run.ts';

export type Device = 'cpu' | 'cuda';

export interface PytorchOptions {
  readonly python: TorchPython;
  /** Processes (data-parallel) on this machine. */
  readonly nproc: number;
  readonly device: Device;
}

/** The program's last stdout line: where its report is, or where it stopped on a signal. */
type ProgramResult =
  | { report: string }
  | { interrupted: 'SIGINT' | 'SIGTERM'; checkpoint: string | null; epoch: number; step: number };

/** Run the program; its stderr (progress, notes) goes to `log`, a stop request is forwarded to it as its signal. */
function runProgram(args: readonly string[], python: string, o: TrainOptions): Promise<ProgramResult> {
  const log = o.log ?? (() => {});
  // its own process group: a Ctrl-C on the terminal reaches infobj alone, which forwards it once
  const child = spawn(python, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const killOnExit = () => child.pid && !child.killed && process.kill(-child.pid, 'SIGKILL');
  process.once('exit', killOnExit);
  let last = '';
  let lastError = '';
  createInterface({ input: child.stdout }).on('line', (line) => (last = line));
  createInterface({ input: child.stderr }).on('line', (line) => {
    lastError = line;
    log(line);
  });
  o.stop?.armed(true);
  let forwarded = false;
  const poll = setInterval(() => {
    const reason = o.stop?.requested();
    if (reason && !forwarded) {
      forwarded = true;
      child.kill(reason as NodeJS.Signals);
    }
  }, 100);
  return new Promise((done, fail) => {
    child.on('error', fail);
    child.on('close', (code) => {
      clearInterval(poll);
      o.stop?.armed(false);
      process.off('exit', killOnExit);
      try {
        const result = JSON.parse(last) as ProgramResult;
        if ('report' in result && code === 0) return done(result);
        if ('interrupted' in result) return done(result);
      } catch {
        // no result line: the program failed
      }
      fail(new Error(`the PyTorch program failed (exit ${code}): ${lastError || 'no message'}`));
    });
  });
}

/** Train the compiled spec with the generated PyTorch program in a claimed run folder. */
export async function trainPytorch(
  compiled: CompiledSpec,
  training: GradientTraining,
  o: TrainOptions,
  torch: PytorchOptions,
  run: RunContext,
): Promise<{ dir: string; report: Report }> {
  if (training.batch % torch.nproc !== 0)
    throw new Error(`--nproc ${torch.nproc}: must divide train.batch ${training.batch}`);
  using claim = claimRun(compiled, o);
  const { dir } = claim;
  claim.notes.forEach(run.log);
  const folder = join(dir, PYTORCH_FOLDER);
  if (o.resume && !existsSync(folder))
    throw new RunDirError(`--resume: ${dir} was trained by the tfjs engine; resume it without --engine pytorch`);
  run.log(`objective: ${print(compiled.objective)}`);
  const data = join(folder, 'data');
  listFiles(dir, [`${PYTORCH_FOLDER}/`]); // the program writes its files there, its report too
  mkdirSync(data, { recursive: true });
  const initial = runNetworks(compiled);
  exportRunData(compiled, data, initial);
  Object.values(initial).forEach((n) => n.dispose());
  const program = join(folder, 'train.py');
  writeFileSync(program, pytorchProgram(compiled, 'data'));
  run.log(
    `engine: PyTorch ${torch.python.torch} (${torch.python.python}), ${torch.nproc} process${torch.nproc > 1 ? 'es' : ''} on ${torch.device}: ${program}`,
  );
  // the program's report.json goes into its folder: the run's own, written after the plots, marks the run finished
  const ownReport = resolve(folder, REPORT);
  const args = [
    program,
    '--out',
    resolve(dir),
    '--data',
    resolve(data),
    '--report',
    ownReport,
    '--nproc',
    String(torch.nproc),
  ];
  const result = await runProgram(
    [...args, '--device', torch.device, ...(o.resume ? ['--resume'] : [])],
    torch.python.python,
    o,
  );
  if ('interrupted' in result)
    throw new TrainingInterrupted(result.interrupted, result.checkpoint ?? undefined, result.epoch, result.step);
  const own = JSON.parse(readFileSync(result.report, 'utf8')) as {
    history: EpochRecord[];
    metrics: Record<string, number>;
    backend: string;
  };
  const { prepared } = restoreNetworks(compiled, dir, run.log);
  const evaluation = evaluateRun(compiled, prepared.nets, training.batch);
  const history = own.history;
  const metrics = {
    ...own.metrics,
    ...evaluation.metrics,
    ...(history.length ? { loss: history[history.length - 1].loss } : {}),
  };
  await writePlots(dir, history, evaluation);
  const report = writeReport(dir, compiled, { ...run, backend: own.backend }, metrics, history); // last: marks it finished
  prepared.dispose();
  claim.succeeded();
  return { dir, report };
}
