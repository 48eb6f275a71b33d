/** The `infobj` command line: train, explain, check, gen (DESIGN: contracts). */
import { readFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { BACKENDS, type BackendName } from '../backend/index.ts';
import { explain as explainPlan, explainDocument } from '../plan/index.ts';
import { loadSpec } from '../spec/index.ts';
import { compileSpec, planSpec, reportWarnings } from '../spec/compile.ts';

const STRICT = 'objective warnings (degenerate objectives) are errors';
const warn = (line: string) => process.stderr.write(`${line}\n`);
import { trainSpec } from '../run/run.ts';
import { generateProgram } from './generate.ts';
import { print } from '../expr/index.ts';

let debug = false;

/** The package's version (package.json is two levels up from src/cli/ and from dist/cli/ alike). */
const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** Print an error as one clear message (the stack only with --debug) and exit non-zero. */
function fail(e: unknown): never {
  const err = e instanceof Error ? e : new Error(String(e));
  process.stderr.write(`error: ${err.message}\n`);
  if (debug && err.stack) process.stderr.write(`${err.stack}\n`);
  process.exit(1);
}

const program = new Command()
  .name('infobj')
  .description('Information-theoretic objectives as typed expression trees: plan, lower to tfjs, train from specs.')
  .version(VERSION, '-V, --version', 'print the version')
  .option('--debug', 'print stack traces on errors')
  .hook('preAction', (cmd) => {
    debug = Boolean(cmd.opts().debug);
  })
  .showHelpAfterError();

program
  .command('train')
  .description('train from a spec and write report.json, plots and checkpoints')
  .argument('<spec>', 'spec file (YAML or JSON)')
  .option('--out <dir>', 'run directory (default runs/<spec name>, or the next free runs/<name>-N)')
  .addOption(new Option('--backend <name>', 'tfjs backend').choices([...BACKENDS]).default('wasm'))
  .option('--seed <n>', 'override the spec seed', (v) => {
    if (!/^\d+$/.test(v)) throw new Error(`--seed: expected a non-negative integer, got ${v}`);
    return Number(v);
  })
  .option('--resume', 'continue the run in --out (or runs/<name>) from its last checkpoint')
  .option('--force', 'replace an existing --out directory')
  .option('--no-native', 'use the plain wasm kernels even if the native ones are built')
  .option('--strict', STRICT)
  .action(async (file: string, o: { out?: string; backend: BackendName; seed?: number; resume?: boolean; force?: boolean; native: boolean; strict?: boolean }) => {
    try {
      const spec = loadSpec(file);
      const { dir } = await trainSpec(spec, { out: o.out, backend: o.backend, seed: o.seed, resume: o.resume, force: o.force, native: o.native, strict: o.strict, log: (l) => process.stderr.write(`${l}\n`) });
      process.stdout.write(`${dir}/report.json\n`);
    } catch (e) {
      fail(e);
    }
  });

program
  .command('explain')
  .description('print the objective and, for each term, the estimator chosen and why')
  .argument('<spec>', 'spec file')
  .option('--json', 'machine-readable output')
  .option('--strict', STRICT)
  .action((file: string, o: { json?: boolean; strict?: boolean }) => {
    try {
      const { plan, warnings } = planSpec(loadSpec(file));
      reportWarnings(warnings, o.strict ?? false, warn);
      if (o.json) process.stdout.write(`${JSON.stringify(explainDocument(plan), null, 2)}\n`);
      else process.stdout.write(`${explainPlan(plan)}\n`);
    } catch (e) {
      fail(e);
    }
  });

program
  .command('check')
  .description('validate a spec (fields, objective, estimators, data source) without training')
  .argument('<spec>', 'spec file')
  .option('--strict', STRICT)
  .action((file: string, o: { strict?: boolean }) => {
    try {
      const spec = loadSpec(file);
      const { plan, warnings } = compileSpec(spec);
      reportWarnings(warnings, o.strict ?? false, warn);
      process.stdout.write(`ok: ${spec.name} — ${print(plan.objective)} (${plan.terms.length} term${plan.terms.length === 1 ? '' : 's'} planned)\n`);
    } catch (e) {
      fail(e);
    }
  });

program
  .command('gen')
  .description('print a standalone TypeScript program that trains the spec through the library API')
  .argument('<spec>', 'spec file')
  .action((file: string) => {
    try {
      process.stdout.write(generateProgram(loadSpec(file)));
    } catch (e) {
      fail(e);
    }
  });

await program.parseAsync(process.argv).catch(fail);
