/**
 * `infobj gen --target pytorch`: a compiled spec as a standalone PyTorch program — the spec's settings, its networks,
 * its objective (objective.ts) between the fixed parts of runtime.ts. What the target does not support yet is refused
 * before anything is written, naming the field, or the term and its estimator.
 */
import { print } from '../../expr/index.ts';
import { explainJson } from '../../plan/index.ts';
import { SpecError, type SpecIssue } from '../../spec/errors.ts';
import type { CompiledSpec, GradientTraining } from '../../spec/compiled.ts';
import { givensOf } from '../../spec/schema.ts';
import { TorchUnsupported } from './lowering.ts';
import { pythonObjective, type PythonObjective } from './objective.ts';
import { BATCH, HELPERS, PRELUDE, TRAINING } from './runtime.ts';

/** A JSON-like value as a Python literal. */
export function pyLiteral(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number' || typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(pyLiteral).join(', ')}]`;
  const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
  return `{${entries.map(([k, x]) => `${JSON.stringify(k)}: ${pyLiteral(x)}`).join(', ')}}`;
}

/** What the PyTorch target cannot do for this spec, one issue per field (empty when it can). */
function unsupportedIssues(c: CompiledSpec): SpecIssue[] {
  const issues: SpecIssue[] = [];
  const t = c.training;
  if (t.algorithm === 'em') return [{ path: 'train.algorithm', message: 'EM has no PyTorch target (it stays tfjs)' }];
  if (t.microBatch !== undefined && t.microBatch !== t.batch)
    issues.push({ path: 'train.microBatch', message: 'gradient accumulation is not in the PyTorch target yet' });
  if (c.heads === 'multiscale')
    issues.push({ path: 'objective.heads', message: 'multi-scale heads are not in the PyTorch target yet' });
  if (c.views.length)
    issues.push({ path: 'data.augment', message: 'augmented views are not in the PyTorch target yet' });
  for (const [name, prior] of Object.entries(c.priors))
    if (prior.family !== 'standard-normal')
      issues.push({
        path: 'model.priors',
        message: `the PyTorch target draws standard-normal latents, not ${prior.family} (${name})`,
      });
  c.networks.forEach(({ encoder: e }, i) => {
    const at = `model.encoders[${i}]`;
    if (e.net.kind !== 'mlp')
      issues.push({ path: `${at}.net.kind`, message: `the PyTorch target builds mlp networks, not ${e.net.kind}` });
    else if (e.net.inputDropout)
      issues.push({ path: `${at}.net.inputDropout`, message: 'input dropout is not in the PyTorch target yet' });
    if (e.family === 'bernoulli' && e.size !== 1)
      issues.push({
        path: `${at}.family`,
        message: `the PyTorch target has categorical, one-unit bernoulli, gaussian and deterministic encoders, not bernoulli of size ${e.size}`,
      });
    const givens = givensOf(e);
    if (givens.length !== 1 || !(c.variables[givens[0]] || c.priors[givens[0]]) || e.also?.length || e.layers?.length)
      issues.push({
        path: at,
        message: 'the PyTorch target has encoders of one data variable or latent, used once',
      });
  });
  return issues;
}

/** The objective as Python, or the issue that names the term and its estimator. */
function objectiveOf(c: CompiledSpec): PythonObjective | SpecIssue {
  try {
    return pythonObjective(c.plan);
  } catch (e) {
    if (e instanceof TorchUnsupported) return { path: 'objective', message: e.message };
    throw e;
  }
}

const isIssue = (x: PythonObjective | SpecIssue): x is SpecIssue => 'path' in x;

/**
 * Refuse a spec the PyTorch target cannot train (`check` and `explain` with `--engine pytorch`, `gen`, `train`): the
 * terms whose estimator has no PyTorch lowering first, then the fields it does not support.
 */
export function checkPytorchSupport(c: CompiledSpec): PythonObjective {
  if (c.training.algorithm === 'em') throw new SpecError(unsupportedIssues(c));
  const objective = objectiveOf(c);
  const issues = [...(isIssue(objective) ? [objective] : []), ...unsupportedIssues(c)];
  if (issues.length || isIssue(objective)) throw new SpecError(issues);
  return objective;
}

const training = (c: CompiledSpec): GradientTraining => {
  if (c.training.algorithm !== 'gradient') throw new Error('internal: an EM spec reached the PyTorch program');
  return c.training;
};

/** The program's source; it reads the arrays `exportRunData` writes, from `--data` (default `dataDir`). */
export function pytorchProgram(c: CompiledSpec, dataDir: string): string {
  const objective = checkPytorchSupport(c);
  const t = training(c);
  const spec = { name: c.name, seed: c.seed };
  // one line per distinct term, with how often the objective reads it
  const said = (p: { estimator: string; rule: string }) => `${p.estimator} — ${p.rule}`;
  const distinct = [...new Map(c.plan.terms.map((p) => [`${p.term}\n${said(p)}`, p])).values()];
  const estimators = distinct
    .map((p) => {
      const n = c.plan.terms.filter((x) => x.term === p.term && said(x) === said(p)).length;
      return `    ${p.term}${n > 1 ? ` (×${n})` : ''}: ${said(p)}`;
    })
    .join('\n');
  const settings = {
    seed: spec.seed,
    lr: t.lr,
    batch: t.batch,
    epochs: t.epochs,
    optimizer: t.optimizer,
    weight_decay: t.weightDecay,
    lr_decay: t.lrDecay ?? null,
    checkpoint_every: t.checkpointEvery,
    keep: t.keep ?? 2,
  };
  const encoders = Object.fromEntries(
    c.networks.map(({ encoder: e }) => [e.name, { family: e.family, size: e.size, given: givensOf(e)[0] }]),
  );
  const networks = c.networks.map(({ encoder: e, input, output }) => {
    const net = e.net.kind === 'mlp' ? e.net : undefined;
    const hidden = pyLiteral(net?.hidden ?? []);
    return `        ${JSON.stringify(e.name)}: MLP(${input}, ${hidden}, ${output}, batch_norm=${pyLiteral(net?.batchNorm ?? true)}),`;
  });
  const sense = c.plan.objective.sense;
  const helpers = [...objective.helpers].map((h) => HELPERS[h]).join('');
  return `#!/usr/bin/env python3
"""${spec.name}, generated by "infobj gen --target pytorch" from its spec.

Objective: ${print(c.objective)}
Estimators chosen by the planner:
${estimators}

Run:  python3 train.py --out DIR [--nproc N] [--device cpu|cuda] [--resume]
      torchrun --nproc_per_node N train.py --out DIR     (a launcher that sets RANK, WORLD_SIZE, MASTER_ADDR/PORT)
The data, the initial weights and every epoch's batch order are the tfjs run's, exported as .npy files into --data.
"""
${PRELUDE}

# ── The spec ──────────────────────────────────────────────────────────────────────────────────────────────────────────

NAME = ${JSON.stringify(spec.name)}
SPEC = json.loads(${JSON.stringify(JSON.stringify(spec))})
OBJECTIVE = ${JSON.stringify(print(c.objective))}
ESTIMATORS = json.loads(${JSON.stringify(JSON.stringify(explainJson(c.plan)))})
TRAIN = ${pyLiteral(settings)}
HYPERS = ${pyLiteral(c.hypers)}
DATA = ${JSON.stringify(dataDir)}
VARIABLES = ${pyLiteral(Object.keys(c.variables))}
ENCODERS = ${pyLiteral(encoders)}
PRIORS = ${pyLiteral(Object.fromEntries(Object.entries(c.priors).map(([name, p]) => [name, p.size])))}  # latent: its N(0, I)'s size
EVALUATED = ${pyLiteral(c.evaluated?.name ?? null)}
# report.json's history names every planned term so, in plan order; False: its estimator gives only a gradient (null)
TERMS = ${pyLiteral(Object.fromEntries(objective.terms.map((t) => [t.key, t.call !== null])))}


def build_networks():
    return {
${networks.join('\n')}
    }
${BATCH}${helpers}

# ── The objective ─────────────────────────────────────────────────────────────────────────────────────────────────────

${objective.functions.join('\n\n\n')}


def objective(b):
    """${sense} ${print(c.objective).replace(/^(max|min) /, '')}"""
${objective.body.map((l) => `    ${l}`).join('\n')}


def loss_of(b):
    """What the optimiser minimises${sense === 'max' ? ': the objective is maximised' : ''}."""
    return ${sense === 'max' ? '-objective(b)' : 'objective(b)'}


def term_values(b):
    """The estimated terms' values on this batch, in TERMS order, from the loss's forward pass (the terms are memoised)."""
    return [${objective.terms.flatMap((t) => (t.call ? [t.call] : [])).join(', ')}]
${TRAINING}`;
}
