/**
 * A metric that scores the model against the labels on the very samples whose labels the objective trains on: data with
 * no held-out set (synthetic, csv, npy) are evaluated on their training samples, so when the objective reads the labels
 * (I(Z;Y), H(Y|Z), a classifier's likelihood), `ari`, `nmi`, `cluster_accuracy` and `accuracy` measure fit, not what
 * the model learned. Said as a warning, as the lint's are.
 */
import { match, P } from 'ts-pattern';
import { children, printExpr, type Dist, type Expr, type Objective } from '../expr/index.ts';
import type { ObjectiveWarning } from '../plan/lint.ts';
import type { Spec } from './schema.ts';

/** Metrics that compare the model's outputs with the labels. */
const LABEL_METRICS = ['ari', 'nmi', 'cluster_accuracy', 'accuracy'] as const;

/** Data kinds that come with held-out samples the metrics are computed on. */
const holdsOut = (spec: Spec): boolean => spec.data.kind === 'mnist' || spec.data.kind === 'sequences';

const distReads = (d: Dist, labels: ReadonlySet<string>): boolean =>
  match(d)
    .with({ kind: 'data' }, (n) => labels.has(n.v))
    .with(
      { kind: P.union('conditional', 'marginal') },
      (n) => n.enc.observedTarget === true && labels.has(n.enc.target),
    )
    .with({ kind: 'mixture' }, (n) => n.dists.some((m) => distReads(m, labels)))
    .with({ kind: P.union('prior', 'posterior') }, () => false)
    .exhaustive();

/** The first node of `e` that reads the labels, if one does. */
function readerOf(e: Expr, labels: ReadonlySet<string>): Expr | undefined {
  const reads = match(e)
    .with({ kind: P.union('entropy', 'condEntropy', 'mutualInfo') }, (n) => labels.has(n.enc.target))
    .with({ kind: 'dataInfo' }, (n) => labels.has(n.v))
    .with({ kind: P.union('kl', 'crossEntropy') }, (n) => distReads(n.p, labels) || distReads(n.q, labels))
    .with({ kind: 'jsd' }, (n) => n.dists.some((d) => distReads(d, labels)))
    .with({ kind: P.union('logDensity', 'score') }, (n) => distReads(n.dist, labels))
    .with({ kind: P.union('pairedInfo', 'pairedEntropy', 'regulariser', 'output') }, () => false)
    .with({ kind: P.union('expect', 'sumStates', 'log', 'add', 'neg', 'mul', 'div') }, () => false)
    .with({ kind: P.union('const', 'hyper', 'stopGradient') }, () => false)
    .exhaustive();
  return reads ? e : children(e).reduce<Expr | undefined>((found, c) => found ?? readerOf(c, labels), undefined);
}

/** The warning for label metrics computed on the training samples whose labels the objective reads. */
export function labelLeak(
  spec: Spec,
  objective: Objective,
  labels: Readonly<Record<string, number>>,
): ObjectiveWarning[] {
  const metrics = LABEL_METRICS.filter((m) => spec.eval.metrics.includes(m));
  const reader = readerOf(objective.body, new Set(Object.keys(labels)));
  if (!reader || metrics.length === 0 || holdsOut(spec)) return [];
  const names = Object.keys(labels).join(', ');
  return [
    {
      path: [],
      term: printExpr(reader),
      reason: `the objective trains on the labels ${names}, and ${spec.data.kind} data have no held-out samples: ${metrics.join(', ')} ${metrics.length > 1 ? 'are' : 'is'} computed on the training samples, so ${metrics.length > 1 ? 'they measure' : 'it measures'} fit, not generalisation (use data with a test split, e.g. mnist)`,
    },
  ];
}
