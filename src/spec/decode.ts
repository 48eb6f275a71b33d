/** Decoding a parsed spec object into a `Spec`, with every problem reported by field path. */
import { isLeft } from 'fp-ts/lib/Either.js';
import { SpecError, issuesOf, type SpecIssue } from './errors.ts';
import { DATA_CODECS, DATA_KINDS, SpecHead, type DataSpec, type ObjectiveSpec, type Spec } from './schema.ts';
import { describe, suggest } from './types.ts';

const MNIST_DIGITS = 10_000;

function decodeData(raw: unknown): { data?: DataSpec; issues: SpecIssue[] } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { issues: [{ path: 'data', message: `expected an object with a kind, got ${describe(raw)}` }] };
  const kind = (raw as { kind?: unknown }).kind;
  if (typeof kind !== 'string' || !(DATA_KINDS as readonly string[]).includes(kind)) {
    const guess = typeof kind === 'string' ? suggest(kind, DATA_KINDS) : undefined;
    return { issues: [{ path: 'data.kind', message: `expected one of ${DATA_KINDS.join(', ')}, got ${describe(kind)}${guess ? ` (did you mean '${guess}'?)` : ''}` }] };
  }
  const r = DATA_CODECS[kind as keyof typeof DATA_CODECS].decode(raw);
  return isLeft(r) ? { issues: issuesOf(r.left, 'data') } : { data: r.right as DataSpec, issues: [] };
}

/** Facts that involve several fields. */
function crossChecks(spec: Spec): SpecIssue[] {
  const issues: SpecIssue[] = [];
  const { data, train, model, objective } = spec;
  if (train.microBatch !== undefined) {
    if (train.microBatch > train.batch) issues.push({ path: 'train.microBatch', message: `must not exceed train.batch (${train.batch}), got ${train.microBatch}` });
    else if (train.batch % train.microBatch !== 0) issues.push({ path: 'train.microBatch', message: `must divide train.batch (${train.batch}) so that every update sees the same number of samples, got ${train.microBatch}` });
  }
  if (data.kind === 'synthetic' && data.shape === 'blobs' && (data.clusters === undefined || data.clusters < 2)) issues.push({ path: 'data.clusters', message: `blobs need clusters ≥ 2, got ${describe(data.clusters)}` });
  if (data.kind === 'mnist' && data.n > MNIST_DIGITS) issues.push({ path: 'data.n', message: `the mnist package ships ${MNIST_DIGITS} digits, got ${data.n}` });
  if (data.kind === 'mnist' && data.split && Math.abs(data.split.reduce((a, b) => a + b, 0) - 1) > 1e-9) issues.push({ path: 'data.split', message: `fractions must sum to 1, got ${data.split.join(' + ')}` });
  if (data.kind === 'sequences') {
    const split = data.split ?? [0.8, 0.2];
    const nTrain = Math.round(split[0] * data.n);
    if (Math.abs(split[0] + split[1] - 1) > 1e-9) issues.push({ path: 'data.split', message: `fractions must sum to 1, got ${split.join(' + ')}` });
    else if (nTrain < 1 || nTrain >= data.n) issues.push({ path: 'data.split', message: `[${split.join(', ')}] of n = ${data.n} leaves an empty training or validation set` });
    else if (train.batch > nTrain) issues.push({ path: 'train.batch', message: `must not exceed the ${nTrain} training sequences, got ${train.batch}` });
  }
  if ('n' in data && train.batch > data.n) issues.push({ path: 'train.batch', message: `must not exceed the number of samples data.n (${data.n}), got ${train.batch}` });
  const names = new Set<string>();
  model.encoders.forEach((e, i) => {
    const at = `model.encoders[${i}]`;
    if (names.has(e.name)) issues.push({ path: `${at}.name`, message: `'${e.name}' is used by two encoders` });
    names.add(e.name);
    if ((e.target ?? 'Z') === (e.given ?? 'X')) issues.push({ path: `${at}.target`, message: `target and given must differ, both are ${e.given ?? 'X'}` });
    if (e.family === 'categorical' && e.size < 2) issues.push({ path: `${at}.size`, message: `a categorical encoder needs size ≥ 2, got ${e.size}` });
    if (e.net.kind === 'mlp' && !e.net.hidden) issues.push({ path: `${at}.net.hidden`, message: 'an mlp needs its hidden layer sizes, e.g. [400, 400]' });
    if (e.net.kind === 'gaussian-channel' && (data.kind !== 'correlated-gaussian' || e.family !== 'gaussian' || e.size !== data.dim))
      issues.push({ path: `${at}.net.kind`, message: 'a gaussian-channel is the channel of correlated-gaussian data: a gaussian encoder of size data.dim' });
  });
  if (model.encoders.length === 0) issues.push({ path: 'model.encoders', message: 'declare at least one encoder' });
  if (!objective.text === !objective.preset) issues.push({ path: 'objective', message: objective.text ? 'give either text or preset, not both' : 'give the objective text (e.g. "max I(X;Z)") or a preset' });
  if (objective.encoder && !names.has(objective.encoder)) issues.push({ path: 'objective.encoder', message: `no encoder named '${objective.encoder}' (declared: ${[...names].join(', ')})` });
  return issues;
}

/** Decode a parsed YAML/JSON value into a Spec, or throw a SpecError listing every issue. */
export function decodeSpec(raw: unknown, file?: string): Spec {
  const head = SpecHead.decode(raw);
  const issues: SpecIssue[] = isLeft(head) ? issuesOf(head.left) : [];
  const data = decodeData((raw as { data?: unknown } | null)?.data);
  issues.push(...data.issues);
  if (issues.length || isLeft(head) || !data.data) throw new SpecError(issues, file);
  const h = head.right;
  const objective: ObjectiveSpec = typeof h.objective === 'string' ? { text: h.objective } : h.objective;
  const spec: Spec = { ...h, data: data.data, objective };
  const cross = crossChecks(spec);
  if (cross.length) throw new SpecError(cross, file);
  return spec;
}
