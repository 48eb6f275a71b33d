/** Spec errors: each names the field path (`train.batch: expected a positive integer, got -3`). */
import * as t from 'io-ts';
import { describe } from './types.ts';

export interface SpecIssue {
  readonly path: string;
  readonly message: string;
}

/** The longest issue message kept (a message never echoes a huge value whole). */
export const MAX_ISSUE_LENGTH = 300;
/** The issues of one error are listed until they take this many characters; the rest are counted. */
const MAX_ISSUES_LENGTH = 700;
/** C0 control characters and DEL (a terminal escape, a bell, a carriage return that hides what came before). */
const CONTROL = new RegExp(`[${String.fromCharCode(0)}-${String.fromCharCode(0x1f)}${String.fromCharCode(0x7f)}]`, 'g');

/** `text` with every control character written as `\uXXXX`, so a message never drives the terminal. */
export const escapeControl = (text: string): string =>
  text.replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

const cut = (text: string) => {
  const shown = escapeControl(text);
  return shown.length > MAX_ISSUE_LENGTH ? `${shown.slice(0, MAX_ISSUE_LENGTH - 1)}…` : shown;
};

/** The first issues (at least one) within MAX_ISSUES_LENGTH, `; `-separated, and how many more there are. */
function listed(issues: readonly string[]): string {
  let length = 0;
  const shown = issues.filter((issue, i) => {
    length += issue.length + 2;
    return i === 0 || length <= MAX_ISSUES_LENGTH;
  });
  const more = issues.length - shown.length;
  return `${shown.join('; ')}${more ? `; … and ${more} more issue${more > 1 ? 's' : ''}` : ''}`;
}

/** A spec that cannot be used; its message is one line: the file, then every issue (`field: problem`), `; `-separated. */
export class SpecError extends Error {
  constructor(
    readonly issues: readonly SpecIssue[],
    readonly file?: string,
  ) {
    super(`${file ? `${file}: ` : ''}${listed(issues.map((i) => cut(`${i.path ? `${i.path}: ` : ''}${i.message}`)))}`);
  }

  /** The same issues, said of `file`. */
  inFile(file: string): SpecError {
    return new SpecError(this.issues, file);
  }
}

const isWrapper = (type: t.Decoder<unknown, unknown>) =>
  type instanceof t.IntersectionType || type instanceof t.UnionType || type instanceof t.RefinementType;

/** The dotted path of an io-ts error (array indices as [i], intersection/union branches skipped). */
function pathOf(context: t.Context, prefix: string): string {
  let path = prefix;
  for (let i = 1; i < context.length; i++) {
    if (isWrapper(context[i - 1].type) || context[i].key === '') continue;
    const key = context[i].key;
    path =
      context[i - 1].type instanceof t.ArrayType || context[i - 1].type instanceof t.TupleType
        ? `${path}[${key}]`
        : path
          ? `${path}.${key}`
          : key;
  }
  return path;
}

/** io-ts errors as issues; duplicates (one per union branch) are merged, custom messages kept. */
export function issuesOf(errors: t.Errors, prefix = ''): SpecIssue[] {
  const seen = new Map<string, SpecIssue>();
  for (const e of errors) {
    const path = pathOf(e.context, prefix);
    const last = e.context[e.context.length - 1];
    const unsafe = typeof e.value === 'number' && Number.isInteger(e.value) && !Number.isSafeInteger(e.value);
    const beyond = unsafe ? ' (integers beyond 2^53 − 1 = 9007199254740991 are not exact)' : '';
    const message = e.message ?? `expected ${last.type.name}, got ${describe(e.value)}${beyond}`;
    if (!seen.has(path) || e.message) seen.set(path, { path, message });
  }
  // a union's branch that failed on the value's type is noise beside a branch that failed inside it
  const inside = (outer: string, inner: string) =>
    inner !== outer && (inner.startsWith(`${outer}.`) || inner.startsWith(`${outer}[`));
  const all = [...seen.values()];
  return all.filter((i) => !all.some((j) => inside(i.path, j.path)));
}
