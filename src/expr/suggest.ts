/** "Did you mean": the closest known name to a misspelt one. */
import { distance } from 'fastest-levenshtein';

/** A closest known name to a misspelt one, if it is close enough to be a likely typo. */
export function suggest(word: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const k of known) {
    const d = distance(word.toLowerCase(), k.toLowerCase());
    if (d < bestD) [best, bestD] = [k, d];
  }
  return best !== undefined && bestD <= Math.max(1, Math.floor(best.length / 3)) ? best : undefined;
}
