/**
 * What binds each variable of a spec: observed data (X, a paired view Y, labels a classifier predicts, an augmented
 * view), a latent prior, or a network (an encoder's target, another use's target, a hidden layer). A variable bound to
 * nothing, or only to networks that read it back, is refused here, naming the field, so `check` refuses what `train`
 * would fail on.
 */
import { labelsOf, variableModel } from './variables.ts';
import { isReparameterisable, type EncoderKind } from '../families/index.ts';
import { SpecError, type SpecIssue } from './errors.ts';
import { layersOf, outputsOf, usesOf, type Spec } from './schema.ts';

/** The data variables the spec binds: X, Y when the data come in two paired views (`views`, correlated-gaussian), augmented views. */
export const dataVariables = (spec: Spec): string[] => [
  ...loadedVariables(spec),
  ...(spec.data.augment ?? []).map((a) => a.name),
];

/** The variables the data hold: X, and Y when they come in two paired views. */
const loadedVariables = (spec: Spec): string[] => [
  'X',
  ...((spec.data.kind === 'mnist' && spec.data.views) || spec.data.kind === 'correlated-gaussian' ? ['Y'] : []),
];

/** The variable the data's labels bind to, from the spec's model of variables (`model.labels`, src/spec/variables.ts). */
const labelVariables = (spec: Spec): string[] => Object.keys(labelsOf(variableModel(spec)));

/** How each network-bound variable is computed: from the variables its network reads. */
const producers = (spec: Spec): { target: string; given: readonly string[] }[] =>
  spec.model.encoders.flatMap((e) => outputsOf(e).map((u) => ({ target: u.target, given: u.given })));

/** Every variable the spec binds, observed ones first (what the objective may name). */
export const boundVariables = (spec: Spec): string[] => [
  ...new Set([
    ...dataVariables(spec),
    ...labelVariables(spec),
    ...(spec.model.priors ?? []).map((p) => p.name),
    ...producers(spec).map((p) => p.target),
  ]),
];

/**
 * The encoder whose samples stand for an unobserved variable, in the order src/spec/objective.ts lists them (the first
 * wins in src/term/context.ts): declared targets, then other uses, then hidden layers.
 */
const firstProducer = (spec: Spec, v: string): { name: string; family: EncoderKind } | undefined => {
  const { encoders } = spec.model;
  const e =
    encoders.find((e) => usesOf(e)[0].target === v) ?? encoders.find((e) => usesOf(e).some((u) => u.target === v));
  if (e) return e;
  const layered = spec.model.encoders.find((e) => layersOf(e).some((l) => l.target === v));
  return layered && { name: layered.name, family: 'deterministic' };
};

/** Variables computable from observations and priors: observed ones, then every network output whose inputs are. */
function computable(spec: Spec): Set<string> {
  const known = new Set([
    ...dataVariables(spec),
    ...labelVariables(spec),
    ...(spec.model.priors ?? []).map((p) => p.name),
  ]);
  for (let grew = true; grew; ) {
    const more = producers(spec).filter((p) => !known.has(p.target) && p.given.every((v) => known.has(v)));
    more.forEach((p) => known.add(p.target));
    grew = more.length > 0;
  }
  return known;
}

/** An augmented view (`data.augment`) names a new variable and copies a data variable (X, or Y of paired data or labels). */
function viewIssues(spec: Spec): SpecIssue[] {
  const views = spec.data.augment ?? [];
  const sources = [...loadedVariables(spec), ...labelVariables(spec)];
  return views.flatMap((a, i) => {
    const at = `data.augment[${i}]`;
    if (sources.includes(a.name) || views.findIndex((b) => b.name === a.name) < i)
      return [{ path: `${at}.name`, message: `${a.name} is already a variable` }];
    if (!sources.includes(a.of))
      return [{ path: `${at}.of`, message: `${a.of} is not a data variable (the run binds ${sources.join(', ')})` }];
    return [];
  });
}

/**
 * A latent prior names a new variable (not data, not another prior), and a hidden layer a variable no other network
 * produces: the run would read only one of the two bindings.
 */
function bindingIssues(spec: Spec): SpecIssue[] {
  const data = [...dataVariables(spec), ...labelVariables(spec)];
  const priors = spec.model.priors ?? [];
  const outputs = spec.model.encoders.flatMap((e) => usesOf(e).map((u) => ({ name: e.name, target: u.target })));
  return [
    ...viewIssues(spec),
    ...priors.flatMap((p, i) => {
      const path = `model.priors[${i}].name`;
      if (data.includes(p.name))
        return [{ path, message: `${p.name} is observed data; a prior draws a latent variable` }];
      if (priors.findIndex((q) => q.name === p.name) < i) return [{ path, message: `${p.name} has two priors` }];
      return [];
    }),
    ...spec.model.encoders.flatMap((e, i) =>
      layersOf(e).flatMap((l, j) => {
        const other = outputs.find((o) => o.target === l.target);
        const taken = other ? `the output of ${other.name}` : data.includes(l.target) ? 'observed data' : undefined;
        return taken
          ? [{ path: `model.encoders[${i}].layers[${j}].target`, message: `${l.target} is already ${taken}` }]
          : [];
      }),
    ),
  ];
}

/**
 * Each variable has one binding (`bindingIssues`), and every variable an encoder reads (`given`, each `also[j].given`)
 * is bound and computable: not produced only from itself through the networks (Z from W, W from Z).
 */
export function checkBindings(spec: Spec): void {
  const bound = boundVariables(spec);
  const reachable = computable(spec);
  const observed = [...dataVariables(spec), ...labelVariables(spec), ...(spec.model.priors ?? []).map((p) => p.name)];
  const inputs: SpecIssue[] = spec.model.encoders.flatMap((e, i) =>
    usesOf(e).flatMap((use, j) => {
      const path = j === 0 ? `model.encoders[${i}].given` : `model.encoders[${i}].also[${j - 1}].given`;
      const unbound = use.given.find((v) => !bound.includes(v));
      if (unbound)
        return [{ path, message: `${unbound} is not a variable of this spec (it binds ${bound.join(', ')})` }];
      const discrete = use.given
        .map((v) => ({ v, by: observed.includes(v) ? undefined : firstProducer(spec, v) }))
        .find(({ by }) => by && !isReparameterisable(by.family));
      if (discrete?.by)
        return [
          {
            path,
            message: `${discrete.v} is drawn by ${discrete.by.name}, a ${discrete.by.family} encoder, which has no reparameterised sample to read: observe ${discrete.v} or draw it from a prior (model.priors)`,
          },
        ];
      const circular = use.given.find((v) => !reachable.has(v));
      if (circular)
        return [
          {
            path,
            message: `${circular} is computed only from network outputs that need ${circular} itself: observe it (data) or draw it from a prior (model.priors)`,
          },
        ];
      return [];
    }),
  );
  const issues = [...bindingIssues(spec), ...inputs];
  if (issues.length) throw new SpecError(issues);
}
