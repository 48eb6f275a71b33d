/** Applying laws: one by name, or a set of them bottom-up to a fixpoint (the normaliser). */
import { children, withChildren, type Expr, type Objective } from '../expr/index.ts';
import type { Law } from './law.ts';
import { miAsEntropies, entropyAsPlugin, conditionalEntropyExplicit } from './laws.ts';
import { LAWS } from './catalogue.ts';
import { checkArgs, Laws, ObjectiveArg, optional, Str, Strs } from '../api/arguments.ts';

const MAX_PASSES = 20;

/** One bottom-up pass applying the first matching law at every node; reports whether anything changed. */
function pass(e: Expr, laws: readonly Law[]): { e: Expr; changed: boolean } {
  let changed = false;
  const cs = children(e).map((c) => {
    const r = pass(c, laws);
    changed ||= r.changed;
    return r.e;
  });
  let node = changed ? withChildren(e, cs) : e;
  for (const law of laws) {
    const r = law.apply(node);
    if (r) {
      node = r;
      changed = true;
      break;
    }
  }
  return { e: node, changed };
}

/** The law called `name`. */
export function lawNamed(name: string): Law {
  checkArgs('lawNamed', { name: [Str, name] });
  const law = LAWS.find((l) => l.name === name);
  if (!law) throw new Error(`no law named '${name}'; laws: ${LAWS.map((l) => l.name).join(', ')}`);
  return law;
}

/** Apply the named laws everywhere they match, until nothing changes. */
export function rewrite(o: Objective, ...names: string[]): Objective {
  checkArgs('rewrite', { objective: [ObjectiveArg, o], names: [Strs, names] });
  return normalise(o, names.map(lawNamed));
}

/** The default normal form: information terms of discrete encoders spelled out as in Neural Bayes Eq. 8. */
export const NORMAL_FORM_LAWS: readonly Law[] = [miAsEntropies, entropyAsPlugin, conditionalEntropyExplicit];

/** Apply `laws` bottom-up until a fixpoint. */
export function normalise(o: Objective, laws: readonly Law[] = NORMAL_FORM_LAWS): Objective {
  checkArgs('normalise', { objective: [ObjectiveArg, o], laws: [optional(Laws), laws] });
  let body = o.body;
  for (let i = 0; i < MAX_PASSES; i++) {
    const r = pass(body, laws);
    if (!r.changed) return { ...o, body };
    body = r.e;
  }
  throw new Error(
    `rewriting did not reach a fixpoint in ${MAX_PASSES} passes (laws: ${laws.map((l) => l.name).join(', ')})`,
  );
}
