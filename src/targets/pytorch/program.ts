/**
 * `infobj gen --target pytorch`: a compiled spec as a standalone PyTorch program — the spec's settings, its networks,
 * its objective (objective.ts) between the fixed parts of runtime.ts. What the target does not support yet is refused
 * before anything is written, naming the field, or the term and its estimator.
 */
import { print } from '../../expr/index.ts';
import { explainJson } from '../../plan/index.ts';
import { SpecError, type SpecIssue } from '../../spec/errors.ts';
import type { CompiledSpec, GradientTraining } from '../../spec/compiled.ts';
import { givensOf, headUsesOf, usesOf, type NetSpec } from '../../spec/schema.ts';
import { children, encoderUsesOf, type Encoder, type Expr } from '../../expr/index.ts';
import { isPaired } from '../../plan/pairs.ts';
import { CNN_LAYOUTS, cnnFilters } from '../../models/cnn.ts';
import { criticShape } from '../../run/networks.ts';
import { TorchUnsupported } from './lowering.ts';
import { pythonObjective, type PythonObjective } from './objective.ts';
import { BATCH, HELPERS, PRELUDE, TRAINING, type HelperName } from './runtime.ts';

/** A JSON-like value as a Python literal. */
export function pyLiteral(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number' || typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(pyLiteral).join(', ')}]`;
  const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
  return `{${entries.map(([k, x]) => `${JSON.stringify(k)}: ${pyLiteral(x)}`).join(', ')}}`;
}

/** A list of numbers as a Python tuple. */
const pyTuple = (v: readonly number[]): string => `(${v.join(', ')}${v.length === 1 ? ',' : ''})`;

/** What the PyTorch target cannot do for this spec, one issue per field (empty when it can). */
function unsupportedIssues(c: CompiledSpec): SpecIssue[] {
  const issues: SpecIssue[] = [];
  const t = c.training;
  if (t.algorithm === 'em') return [{ path: 'train.algorithm', message: 'EM has no PyTorch target (it stays tfjs)' }];
  if (t.averageWeights !== undefined)
    issues.push({
      path: 'train.averageWeights',
      message: 'moving averages of the weights are not in the PyTorch target yet',
    });
  if (t.marginal === 'batch')
    issues.push({
      path: 'train.marginal',
      message: "batch: micro-batches sharing the whole batch's marginals are not in the PyTorch target yet",
    });
  // a VRNN's parts are one recurrent network: one issue for all of them
  const vrnn = c.networks.filter(({ encoder: e }) => e.net.kind === 'vrnn').map(({ encoder: e }) => e.name);
  if (vrnn.length)
    issues.push({
      path: 'model.encoders',
      message: `the VRNN (${vrnn.join(', ')}: one recurrent network's parts) is not in the PyTorch target yet`,
    });
  c.networks.forEach(({ encoder: e }, i) => {
    const at = `model.encoders[${i}]`;
    if (e.net.kind === 'vrnn') return;
    if (e.net.kind === 'gaussian-channel' && (!e.net.trainable || t.epochs === 0))
      issues.push({
        path: `${at}.net`,
        message: `a gaussian-channel with ${e.net.trainable ? 'epochs 0' : 'ρ fixed (trainable: false)'} has nothing to train: its run reports the planner's estimate of dI/dρ, which tfjs' evaluation computes (run it without --engine pytorch)`,
      });
    else if (!TORCH_NETS.includes(e.net.kind))
      issues.push({
        path: `${at}.net.kind`,
        message: `the PyTorch target builds ${TORCH_NETS.join(', ')} networks, not ${e.net.kind}`,
      });
    else if (e.net.kind !== 'mlp' && e.heads?.length)
      issues.push({ path: `${at}.heads`, message: `heads on a ${e.net.kind} trunk are not in the PyTorch target yet` });
    const readable = (v: string) =>
      Boolean(c.variables[v]) || c.views.some((a) => a.name === v) || v in c.priors || v in sampledVariables(c);
    const outputs = [
      { at, ...e, uses: usesOf(e) },
      ...(e.heads ?? []).map((h, j) => ({ at: `${at}.heads[${j}]`, ...h, uses: headUsesOf(e, h), head: true })),
    ];
    for (const o of outputs) {
      if (o.uses.some((u) => !u.given.every(readable) || ('head' in o && u.given.length !== 1)))
        issues.push({
          path: o.at,
          message:
            'the PyTorch target reads encoders of data variables, augmented views, latents or encoder samples (a head: one of them)',
        });
    }
    if (e.layers?.length)
      issues.push({ path: `${at}.layers`, message: 'hidden layers as variables are not in the PyTorch target yet' });
  });
  return [...issues, ...otherUseIssues(c)];
}

type NetworkEncoder = CompiledSpec['networks'][number]['encoder'];

/**
 * The variables neither observed nor drawn from a prior, each read as the reparameterised sample of the first encoder
 * that produces it (a Gaussian's z = μ + σ·ε, a deterministic z = f(x)), as TermContext.valueOf reads them.
 */
function sampledVariables(c: CompiledSpec): Record<string, string> {
  const produced = new Map<string, NetworkEncoder>();
  for (const { encoder: e } of c.networks) if (e.target && !produced.has(e.target)) produced.set(e.target, e);
  return Object.fromEntries(
    [...produced].flatMap(([v, e]) => {
      const free = !c.variables[v] && !(v in c.priors) && !c.views.some((a) => a.name === v);
      return free && (e.family === 'gaussian' || e.family === 'deterministic') ? [[v, e.name]] : [];
    }),
  );
}

/** An encoder's given as ENCODERS says it: its variable, or the list of several (flattened side by side). */
const givenOf = (given: readonly string[]): string | readonly string[] => (given.length === 1 ? given[0] : given);

/** The networks the PyTorch target builds. */
const TORCH_NETS: readonly NetSpec['kind'][] = ['mlp', 'cnn-mnist', 'cnn-cifar'];

/** The encoder uses an expression reads outside paired terms, whose lowerings name the variable each use reads. */
function usesOutsidePairs(e: Expr): Encoder[] {
  if (isPaired(e)) return [];
  const below = new Set(children(e).flatMap((x) => [...encoderUsesOf(x).keys()]));
  const own = [...encoderUsesOf(e)].filter(([key]) => !below.has(key)).map(([, enc]) => enc);
  return [...own, ...children(e).flatMap(usesOutsidePairs)];
}

/**
 * A network's other uses (`also`: Φ on X') are read only by paired terms (I(Z;Z'), H(Z,Z')): the other lowerings read a
 * network on its encoder's own input.
 */
function otherUseIssues(c: CompiledSpec): SpecIssue[] {
  return c.networks.flatMap(({ encoder: e }, i) => {
    const other = usesOutsidePairs(c.plan.objective.body).find(
      (enc) => enc.model === e.name && enc.given.join() !== givensOf(e).join(),
    );
    if (!other) return [];
    const message = `the PyTorch target reads ${e.name} on ${other.given.join(', ')} (${other.target}) only inside paired terms such as I(Z;Z'), not elsewhere in the objective`;
    return [{ path: `model.encoders[${i}].also`, message }];
  });
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
    micro_batch: t.microBatch,
    epochs: t.epochs,
    optimizer: t.optimizer,
    betas: t.betas,
    weight_decay: t.weightDecay,
    lr_decay: t.lrDecay ?? null,
    checkpoint_every: t.checkpointEvery,
    keep: t.keep ?? 2,
  };
  // every network output the terms read, by the key the lowerings name it with (networkKey: `network/head` for a head)
  const encoders = Object.fromEntries(
    c.networks.flatMap(({ encoder: e }) => [
      [e.name, { family: e.family, size: e.size, given: givenOf(givensOf(e)), network: e.name }],
      ...(e.heads ?? []).map((h) => [
        `${e.name}/${h.name}`,
        { family: h.family, size: h.size, given: headUsesOf(e, h)[0].given[0], network: e.name, head: h.name },
      ]),
    ]),
  );
  const networks = c.networks.map(({ encoder: e, input, output, heads }) => {
    const net = e.net;
    if (net.kind === 'cnn-mnist' || net.kind === 'cnn-cifar') {
      const { blocks, input: image } = CNN_LAYOUTS[net.kind];
      const widths = blocks.map((b) => (b === 'pool' ? 'pool' : cnnFilters(b.conv, net.widthScale)));
      return `        ${JSON.stringify(e.name)}: CNN(${pyTuple(image)}, ${pyLiteral(widths)}, ${output}),`;
    }
    const hidden = pyLiteral(net.hidden ?? []);
    const onTrunk = heads.length
      ? `, heads=${pyLiteral(Object.fromEntries(heads.map((h) => [h.name, h.output])))}`
      : '';
    return `        ${JSON.stringify(e.name)}: MLP(${input}, ${hidden}, ${output}, batch_norm=${pyLiteral(net.batchNorm ?? true)}${onTrunk}),`;
  });
  const inputDropout = Object.fromEntries(
    c.networks.flatMap(({ encoder: e }) =>
      e.net.kind === 'mlp' && e.net.inputDropout ? [[e.name, e.net.inputDropout]] : [],
    ),
  );
  // tfjs reads images as HWC; a shift moves pixels of the source's image
  const views = Object.fromEntries(
    c.views.map((a) => [
      a.name,
      { of: a.of, shift: a.shift ?? 0, mask: a.mask ?? 0, noise: a.noise ?? 0, image: c.variables[a.of]?.imageShape },
    ]),
  );
  // the critics and discriminators the plan declares, after the encoders (the checkpoints' order, runNetworks)
  const critics = c.plan.terms.flatMap(({ network }) => {
    if (!network) return [];
    const { input, hidden, output } = criticShape(network, c.widths);
    return [`        ${JSON.stringify(network.id)}: MLP(${input}, ${pyLiteral(hidden)}, ${output}, batch_norm=False),`];
  });
  const sense = c.plan.objective.sense;
  // Neural Bayes Appendix E: the multi-scale heads' loss on the evaluated encoder's CNN, added to the objective's
  const multiscale = c.heads === 'multiscale' && c.evaluated ? c.evaluated.name : undefined;
  const objectiveLoss = sense === 'max' ? '-objective(b)' : 'objective(b)';
  const used = new Set<HelperName>([
    ...(c.networks.some(({ encoder: e }) => e.net.kind !== 'mlp') ? (['cnn'] as const) : []),
    ...(c.views.length ? (['views'] as const) : []),
    ...objective.helpers,
    ...(multiscale ? (['multiscaleHeads'] as const) : []),
  ]);
  const helpers = [...used].map((h) => HELPERS[h]).join('');
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
SPEC = ${pyLiteral(spec)}
OBJECTIVE = ${JSON.stringify(print(c.objective))}
ESTIMATORS = ${pyLiteral(explainJson(c.plan))}  # the planner's choice per term, as "infobj explain" prints it
TRAIN = ${pyLiteral(settings)}
HYPERS = ${pyLiteral(c.hypers)}
DATA = ${JSON.stringify(dataDir)}
VARIABLES = ${pyLiteral(Object.keys(c.variables))}
ENCODERS = ${pyLiteral(encoders)}
INPUT_DROPOUT = ${pyLiteral(inputDropout)}  # by network: the rate of net.inputDropout
# augmented views drawn per step (data.augment): a shift of up to "shift" pixels, masking, Gaussian noise
VIEWS = ${pyLiteral(views)}
PRIORS = ${pyLiteral(c.priors)}  # latents drawn each batch: standard-normal N(0, I), or categorical (one-hot, uniform)
SAMPLED = ${pyLiteral(sampledVariables(c))}  # variable: the encoder whose reparameterised sample it is
EVALUATED = ${pyLiteral(c.evaluated?.name ?? null)}
# report.json's history names every planned term so, in plan order; False: its estimator gives only a gradient (null)
TERMS = ${pyLiteral(Object.fromEntries(objective.terms.map((t) => [t.key, t.call !== null])))}


def build_networks():
    return {
${[...networks, ...critics].join('\n')}
    }
${BATCH}${helpers}

# ── The objective ─────────────────────────────────────────────────────────────────────────────────────────────────────

${objective.functions.join('\n\n\n')}


def objective(b):
    """${sense} ${print(c.objective).replace(/^(max|min) /, '')}"""
${objective.body.map((l) => `    ${l}`).join('\n')}


def loss_of(b):
    """What the optimiser minimises${sense === 'max' ? ': the objective is maximised' : ''}${multiscale ? ", plus the multi-scale heads' loss (Neural Bayes Appendix E)" : ''}."""
    return ${multiscale ? `${objectiveLoss} + multiscale_loss(b, ${JSON.stringify(multiscale)})` : objectiveLoss}


def term_values(b):
    """The estimated terms' values on this batch, in TERMS order, from the loss's forward pass (the terms are memoised)."""
    return [${objective.terms.flatMap((t) => (t.call ? [t.call] : [])).join(', ')}]
${TRAINING}`;
}
