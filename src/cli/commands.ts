/**
 * The `infobj` commands (train, explain, check, gen, estimate) as one function of the arguments and the output streams, so that
 * tests run them in-process and read the exit code and stderr (src/cli/main.ts runs it for the real process).
 */
import { Command, CommanderError, Option } from 'commander';
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { BACKENDS, type BackendName } from '../backend/index.ts';
import { explain as explainPlan, explainDocument } from '../plan/index.ts';
import { describeVariables } from '../spec/variables.ts';
import { SpecError } from '../spec/index.ts';
import { escapeControl } from '../spec/errors.ts';
import { compileSpec, planSpec, reportWarnings } from '../spec/compile.ts';
import { DataError } from '../data/index.ts';
import { evaluateSaved } from '../run/evaluateSaved.ts';
import { metricsLine } from '../run/report.ts';
import { trainSpec } from '../run/run.ts';
import { osFailure } from '../run/runDir.ts';
import { catchStopSignals, exitCodeOf, restoreTerminal } from '../run/signals.ts';
import { TrainingInterrupted } from '../train/loop.ts';
import { generateProgram } from './generate.ts';
import { readSpecArgument, readSpecArgumentWithDefaults } from './shippedSpecs.ts';
import { describeSettings, settingsDocument } from '../spec/settings.ts';
import { generatePytorch } from './generatePytorch.ts';
import { ENGINES, type Engine } from '../run/run.ts';
import type { Device } from '../run/pytorchRun.ts';
import { checkPytorchSupport } from '../targets/pytorch/program.ts';
import { estimateCommand, type EstimateFlags } from './estimate.ts';
import { equivalenceTo } from './equivalentTo.ts';
import { SAMPLE_ESTIMATORS } from '../estimate/index.ts';
import { print } from '../expr/index.ts';

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Catch SIGINT/SIGTERM during `train` (the real process; not for in-process calls). */
  readonly signals?: boolean;
  /** stderr when it is a terminal: `estimate` draws its progress bar there. */
  readonly tty?: NodeJS.WriteStream;
}

/** An error about the spec says which spec file it is about. */
function inFile(e: unknown, file: string | undefined): unknown {
  if (!file) return e;
  if (e instanceof SpecError) return e.file ? e : e.inFile(file);
  if (e instanceof DataError) return new Error(`${file}: ${e.message}`);
  return e;
}

/** `word` as one word of a POSIX shell command line (single-quoted unless it is plainly safe). */
export const shellWord = (word: string): string =>
  /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;

/** How a user continues an interrupted run. */
function resumeHint(e: TrainingInterrupted, file: string): string {
  if (!e.checkpoint)
    return `interrupted (${e.reason}) in epoch ${e.epoch} after step ${e.step}; no checkpoint was written`;
  const dir = dirname(dirname(e.checkpoint));
  return (
    `interrupted (${e.reason}) in epoch ${e.epoch} after step ${e.step}; checkpoint ${e.checkpoint}\n` +
    `resume with: infobj train ${shellWord(file)} --out ${shellWord(dir)} --resume`
  );
}

/** `infobj explain`'s options. */
interface ExplainOptions {
  readonly json?: boolean;
  readonly strict?: boolean;
  readonly engine: Engine;
  readonly equivalentTo?: string;
  readonly upToConstant?: boolean;
}

const STRICT = 'objective warnings (degenerate objectives) are errors';

const ENGINE_OPTION = new Option('--engine <engine>', 'tfjs, or the generated PyTorch program')
  .choices([...ENGINES])
  .default('tfjs');
const DEVICES: Device[] = ['cpu', 'cuda'];

/** The package's version (package.json is two levels up from src/cli/ and from dist/cli/ alike). */
const VERSION = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

/** A flag's value as an integer ≥ min, or a one-line error. */
/** An integer flag from `min` to 2^53 − 1 (beyond, a number is not the integer written). */
const intFlag = (flag: string, min: number) => (v: string) => {
  if (!/^\d+$/.test(v) || Number(v) < min)
    throw new Error(`${flag}: expected an integer ≥ ${min}, got ${v.slice(0, 40)}`);
  if (!Number.isSafeInteger(Number(v)))
    throw new Error(`${flag}: expected an integer ≥ ${min} and at most 2^53 − 1, got ${v.slice(0, 40)}`);
  return Number(v);
};

interface TrainFlags {
  engine: Engine;
  nproc?: number;
  device?: Device;
  strict?: boolean;
  out?: string;
  backend: BackendName;
  seed?: number;
  resume?: boolean;
  force?: boolean;
  native: boolean;
  json?: boolean;
}

/** Run `infobj …args` (without the node and script paths); resolves to the exit code. */
export async function runCli(args: readonly string[], io: CliIo): Promise<number> {
  let debug = false;
  let code = 0;
  /** Report an error as one clear message (the stack only with --debug); the exit code is 1 unless given. */
  const fail = (e: unknown, file?: string, exitCode = 1) => {
    const err = osFailure(e) ?? (inFile(e instanceof Error ? e : new Error(String(e)), file) as Error);
    io.stderr(`error: ${escapeControl(err.message)}\n`);
    if (debug && err.stack) io.stderr(`${err.stack}\n`);
    code = exitCode;
  };
  const warn = (line: string) => io.stderr(`${line}\n`);

  const program = new Command()
    .name('infobj')
    .description('Information-theoretic objectives as typed expression trees: plan, lower to tfjs, train from specs.')
    .version(VERSION, '-V, --version', 'print the version')
    .option('--debug', 'print stack traces on errors')
    .hook('preAction', (cmd) => {
      debug = Boolean(cmd.opts().debug);
    })
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError();

  program
    .command('train')
    .description('train from a spec and write report.json, plots and checkpoints')
    .argument('<spec>', 'spec file (YAML or JSON)')
    .option('--out <dir>', 'run directory (default runs/<spec name>, or the next free runs/<name>-N)')
    .addOption(new Option('--backend <name>', 'tfjs backend').choices([...BACKENDS]).default('wasm'))
    .option('--seed <n>', 'override the spec seed', intFlag('--seed', 0))
    .option(
      '--resume',
      'continue the run in --out (or the newest unfinished run of the spec) from its last intact checkpoint',
    )
    .option(
      '--force',
      'replace the run of infobj in --out (never another folder); the old run is kept until the new one succeeds',
    )
    .option('--no-native', 'use the plain wasm kernels even if the native ones are built')
    .addOption(ENGINE_OPTION)
    .option('--nproc <n>', 'PyTorch engine: data-parallel processes on this machine (default 1)', intFlag('--nproc', 1))
    .addOption(
      new Option('--device <device>', 'PyTorch engine: cpu, or cuda (NCCL between processes)').choices(DEVICES),
    )
    .option('--json', 'end stdout with one JSON object { dir, report, metrics, seconds, backend }')
    .option('--strict', STRICT)
    .action(async (file: string, o: TrainFlags) => {
      const stop = io.signals ? catchStopSignals((line) => io.stderr(`\n${line}\n`)) : undefined;
      try {
        if (o.engine !== 'pytorch' && (o.nproc !== undefined || o.device !== undefined))
          throw new Error(`${o.nproc !== undefined ? '--nproc' : '--device'}: only with --engine pytorch`);
        const spec = readSpecArgument(file);
        const log = (l: string) => io.stderr(`${l}\n`);
        const { json: _json, ...options } = o; // --json is the command's, not the run's
        const { dir, report } = await trainSpec(spec, { ...options, log, stop });
        const { metrics, seconds, backend } = report;
        io.stdout(
          o.json
            ? `${JSON.stringify({ dir, report: `${dir}/report.json`, metrics, seconds, backend })}\n`
            : `${dir}/report.json\n`,
        );
      } catch (e) {
        if (e instanceof TrainingInterrupted) {
          restoreTerminal();
          io.stderr(`${resumeHint(e, file)}\n`);
          code = exitCodeOf(e.reason);
        } else fail(e, file);
      } finally {
        stop?.uninstall();
      }
    });

  program
    .command('eval')
    .description(
      "compute a run's metrics again from its newest checkpoint, into a new eval-epoch-N.json (report.json is kept)",
    )
    .argument('<run>', 'run folder (runs/<name>)')
    .option('--spec <file>', "the run's spec with another eval (nothing else may differ)")
    .addOption(new Option('--backend <name>', 'tfjs backend').choices([...BACKENDS]).default('wasm'))
    .option('--no-native', 'use the plain wasm kernels even if the native ones are built')
    .option('--json', 'end stdout with one JSON object { file, checkpoint, epoch, metrics, seconds }')
    .action(async (dir: string, o: { spec?: string; backend: BackendName; native: boolean; json?: boolean }) => {
      try {
        const spec = o.spec === undefined ? undefined : readSpecArgument(o.spec);
        const log = (l: string) => io.stderr(`${l}\n`);
        const r = await evaluateSaved(dir, { spec, backend: o.backend, native: o.native, log });
        log(metricsLine(r.metrics, r.seconds));
        const { file, checkpoint, epoch, metrics, seconds } = r;
        io.stdout(o.json ? `${JSON.stringify({ file, checkpoint, epoch, metrics, seconds })}\n` : `${file}\n`);
      } catch (e) {
        fail(e, o.spec ?? dir);
      }
    });

  program
    .command('explain')
    .description('print the objective and, for each term, the estimator chosen and why')
    .argument('<spec>', 'spec file')
    .option('--json', 'machine-readable output')
    .option('--strict', STRICT)
    .option('--equivalent-to <objective>', 'also prove or refute that the objective equals this one (text syntax)')
    .option('--up-to-constant', 'with --equivalent-to: the values may differ by a constant (the gradients may not)')
    .addOption(ENGINE_OPTION)
    .action(async (file: string, o: ExplainOptions) => {
      try {
        const { spec, defaults } = readSpecArgumentWithDefaults(file);
        // the PyTorch target needs the compiled spec (networks, data variables) to say what it cannot do
        const compiled = o.engine === 'pytorch' ? compileSpec(spec) : undefined;
        if (compiled) checkPytorchSupport(compiled);
        const { plan, warnings, variableModel } = compiled ?? planSpec(spec);
        reportWarnings(warnings, o.strict ?? false, warn);
        const equivalence =
          o.equivalentTo === undefined
            ? undefined
            : await equivalenceTo(plan, o.equivalentTo, {
                hypers: spec.objective.hypers,
                upToConstant: o.upToConstant,
              });
        const document = {
          ...explainDocument(plan),
          settings: settingsDocument(spec, defaults),
          ...(equivalence && { equivalence: equivalence.json }),
        };
        if (o.json) io.stdout(`${JSON.stringify(document, null, 2)}\n`);
        else
          io.stdout(
            `${explainPlan(plan)}\n\n${describeVariables(variableModel)}\n\n${describeSettings(spec, defaults)}\n` +
              `${equivalence ? `\n${equivalence.text}\n` : ''}`,
          );
      } catch (e) {
        fail(e, file);
      }
    });

  program
    .command('check')
    .description('validate a spec (fields, objective, estimators, sizes, data files) without training')
    .argument('<spec>', 'spec file')
    .option('--strict', STRICT)
    .option('--json', 'end stdout with one JSON object { ok, spec, objective, terms, warnings }')
    .addOption(ENGINE_OPTION)
    .addOption(
      new Option('--backend <name>', 'the tfjs backend train will use (sizes the memory)')
        .choices([...BACKENDS])
        .default('wasm'),
    )
    .action((file: string, o: { strict?: boolean; engine: Engine; backend: BackendName; json?: boolean }) => {
      try {
        const spec = readSpecArgument(file);
        const compiled = compileSpec(spec, { backend: o.engine === 'pytorch' ? 'pytorch' : o.backend });
        const { plan, warnings } = compiled;
        if (o.engine === 'pytorch') checkPytorchSupport(compiled);
        reportWarnings(warnings, o.strict ?? false, warn);
        io.stdout(
          o.json
            ? `${JSON.stringify({
                ok: true,
                spec: spec.name,
                objective: print(plan.objective),
                terms: plan.terms.length,
                warnings: warnings.map(({ term, reason }) => ({ term, reason })),
              })}\n`
            : `ok: ${spec.name} — ${print(plan.objective)} ` +
                `(${plan.terms.length} term${plan.terms.length === 1 ? '' : 's'} planned)\n`,
        );
      } catch (e) {
        fail(e, file);
      }
    });

  program
    .command('gen')
    .description('print a standalone program that trains the spec: TypeScript through the library API, or PyTorch')
    .argument('<spec>', 'spec file')
    .addOption(
      new Option('--target <language>', 'typescript, or pytorch')
        .choices(['typescript', 'pytorch'])
        .default('typescript'),
    )
    .option('--data-dir <dir>', 'pytorch: where to write the arrays the program reads (default <spec name>-data)')
    .action(async (file: string, o: { target: 'typescript' | 'pytorch'; dataDir?: string }) => {
      try {
        const spec = readSpecArgument(file);
        if (o.target === 'typescript') {
          if (o.dataDir !== undefined) throw new Error('--data-dir: only with --target pytorch');
          io.stdout(generateProgram(spec));
          return;
        }
        const dir = o.dataDir ?? `${spec.name}-data`;
        io.stdout(await generatePytorch(spec, dir));
        io.stderr(`wrote the data, the batch order and the initial weights to ${dir}/\n`);
      } catch (e) {
        fail(e, file);
      }
    });

  program
    .command('estimate')
    .description('estimate I(X;Y) in nats from paired samples (rows are samples; .npy or CSV), with its spread')
    .option('--x <file>', 'samples of X (.npy, 1-D or 2-D, or CSV)')
    .option('--y <file>', 'samples of Y, row i paired with row i of X')
    .option('--data <file>', 'one table holding both: choose the columns with --x-cols and --y-cols')
    .option('--x-cols <cols>', 'columns of X: 0-based indices and inclusive ranges, e.g. 0-1,4')
    .option('--y-cols <cols>', 'columns of Y, e.g. 2')
    .option('--estimator <name>', `auto or one of ${SAMPLE_ESTIMATORS.join(', ')}`, 'auto')
    .option('--seed <n>', 'seed of the first run (splits, weights, batches, folds)', intFlag('--seed', 0))
    .option(
      '--seeds <n>',
      'trainings of a critic or decoder estimator; the spread is over them (default 3)',
      intFlag('--seeds', 1),
    )
    .option(
      '--steps <n>',
      'most training steps per run (default 10000, early stopping ends sooner)',
      intFlag('--steps', 1),
    )
    .option('--batch <n>', 'training and test batch size (default 256)', intFlag('--batch', 2))
    .option('--lr <x>', 'Adam learning rate (default 0.1 for a critic, 0.01 for a decoder)', (v) => {
      if (!(Number(v) > 0)) throw new Error(`--lr: expected a positive number, got ${v}`);
      return Number(v);
    })
    .option('--k <n>', 'neighbours of KSG (default 5)', intFlag('--k', 1))
    .option('--json', 'print one JSON object as the last line of stdout')
    .addOption(new Option('--backend <name>', 'tfjs backend of the critics').choices([...BACKENDS]).default('wasm'))
    .option('--no-native', 'use the plain wasm kernels even if the native ones are built')
    .action(async (o: EstimateFlags) => {
      try {
        await estimateCommand(o, io.stdout, io.tty, (line) => io.stderr(`${line}\n`));
      } catch (e) {
        fail(e);
      }
    });

  try {
    await program.parseAsync([...args], { from: 'user' });
  } catch (e) {
    if (!(e instanceof CommanderError)) fail(e);
    else code = e.exitCode;
  }
  return code;
}
