/**
 * The ETA of `estimate`'s progress (issue 28, point 10): from the mean rate since the start, so a slow test evaluation
 * every 250 steps does not make it jump (a rate over the last updates read 37 h, then 5 h).
 */
import { expect, it } from 'vitest';
import { foldLines, remaining, secondsLeft } from '../../src/cli/estimate.ts';

it('does not jump when a slow evaluation comes every 250 steps', () => {
  const total = 30_000;
  let elapsed = 0;
  const etas: number[] = [];
  for (let step = 1; step <= total; step++) {
    elapsed += 0.01 + (step % 250 === 0 ? 5 : 0); // 10 ms a step, 5 s per evaluation
    if (step % 50 === 0 && step >= total / 10) etas.push(secondsLeft(elapsed, step, total));
  }
  const jumps = etas.slice(1).map((eta, i) => eta / Math.max(etas[i], 1));
  console.log(
    `ETA from ${etas[0].toFixed(0)} s to ${etas.at(-1)?.toFixed(0)} s; largest step ratio ${Math.max(...jumps).toFixed(3)}`,
  );
  expect(Math.max(...jumps)).toBeLessThan(1.1);
  expect(remaining(0, 0, total)).toBe('…');
  expect(remaining(3600, 1, 3)).toBe('2 h 00 min');
  expect(remaining(30, 1, 5)).toBe('2 min 00 s');
});

it('a closed-form estimator says each step over a second, with the folds left at the mean rate', () => {
  const lines: string[] = [];
  const say = foldLines((l) => lines.push(l));
  say({ estimator: 'ksg', step: 0, steps: 5, rows: 20_000, seconds: 9.4 });
  say({ estimator: 'ksg', step: 1, steps: 5, rows: 4000, seconds: 0.4 }); // under a second: not said
  say({ estimator: 'ksg', step: 2, steps: 5, rows: 4000, seconds: 1.6 });
  expect(lines).toEqual([
    'ksg: all 20000 rows in 9.4 s; 5 folds next',
    'ksg: fold 2/5 (4000 rows) in 1.6 s; ETA 3 s', // mean of 0.4 and 1.6 s, three folds left
  ]);
});
