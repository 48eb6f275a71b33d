/** Seeded random numbers shared by data generators, metrics and initialisers (seedrandom's Alea). */
import seedrandom from 'seedrandom';
import { checkArgs, Num, Seed } from '../api/arguments.ts';

export interface Rng {
  /** Uniform in [0, 1). */
  uniform(): number;
  /** Standard normal (Box–Muller). */
  normal(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** A fresh 32-bit seed, for seeding tfjs ops deterministically. */
  seed(): number;
  /** Fisher–Yates permutation of 0..n-1. */
  permutation(n: number): Int32Array;
}

export function makeRng(seed: number | string): Rng {
  checkArgs('makeRng', { seed: [Seed, seed] });
  const next = seedrandom.alea(String(seed));
  const uniform = () => next();
  const normal = () => {
    const u = 1 - uniform();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * uniform());
  };
  const int = (n: number) => Math.floor(uniform() * n);
  return {
    uniform,
    normal,
    int,
    seed: () => next.int32() >>> 0,
    permutation: (n) => {
      const p = Int32Array.from({ length: n }, (_, i) => i);
      for (let i = n - 1; i > 0; i--) {
        const j = int(i + 1);
        [p[i], p[j]] = [p[j], p[i]];
      }
      return p;
    },
  };
}

/**
 * A seed for tfjs' random ops and initialisers, which read 0 as "no seed" (a fresh random draw every time): 0 is moved
 * out of the way, every other seed passes through.
 */
export const tfSeed = (n: number): number => {
  checkArgs('tfSeed', { n: [Num, n] });
  return n || 2_147_483_647;
};
