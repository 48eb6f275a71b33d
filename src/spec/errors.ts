/** Spec errors: each names the field path (`train.batch: expected a positive integer, got -3`). */
import * as t from 'io-ts';
import { describe } from './types.ts';

export interface SpecIssue {
  readonly path: string;
  readonly message: string;
}

/** A spec that cannot be used; its message lists every issue, one per line. */
export class SpecError extends Error {
  constructor(readonly issues: readonly SpecIssue[], readonly file?: string) {
    super(issues.map((i) => `${file ? `${file}: ` : ''}${i.path ? `${i.path}: ` : ''}${i.message}`).join('\n'));
  }
}

const isWrapper = (type: t.Decoder<unknown, unknown>) => type instanceof t.IntersectionType || type instanceof t.UnionType || type instanceof t.RefinementType;

/** The dotted path of an io-ts error (array indices as [i], intersection/union branches skipped). */
function pathOf(context: t.Context, prefix: string): string {
  let path = prefix;
  for (let i = 1; i < context.length; i++) {
    if (isWrapper(context[i - 1].type) || context[i].key === '') continue;
    const key = context[i].key;
    path = context[i - 1].type instanceof t.ArrayType || context[i - 1].type instanceof t.TupleType ? `${path}[${key}]` : path ? `${path}.${key}` : key;
  }
  return path;
}

/** io-ts errors as issues; duplicates (one per union branch) are merged, custom messages kept. */
export function issuesOf(errors: t.Errors, prefix = ''): SpecIssue[] {
  const seen = new Map<string, SpecIssue>();
  for (const e of errors) {
    const path = pathOf(e.context, prefix);
    const last = e.context[e.context.length - 1];
    const message = e.message ?? `expected ${last.type.name}, got ${describe(e.value)}`;
    if (!seen.has(path) || e.message) seen.set(path, { path, message });
  }
  return [...seen.values()];
}
