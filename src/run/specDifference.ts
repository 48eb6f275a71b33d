/**
 * Where two specs (as JSON values) differ: what `--resume` and `infobj eval` check, on normalised specs
 * (src/spec/normalise.ts), before they use a run.
 */

/** The first field (dotted path) where two JSON values differ, if any. */
export function firstDifference(a: unknown, b: unknown, path: string): string | undefined {
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null)
    return Object.is(a, b) ? undefined : path || '(the spec)';
  if (Array.isArray(a) !== Array.isArray(b)) return path;
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  for (const k of keys) {
    const at = Array.isArray(a) ? `${path}[${k}]` : path ? `${path}.${k}` : k;
    const d = firstDifference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], at);
    if (d) return d;
  }
  return undefined;
}
