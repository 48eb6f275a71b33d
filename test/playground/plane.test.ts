/** The plane the page draws a data set in, and the grid its decision surface is evaluated on, lifted into the data. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { DEFAULTS, specOf } from '../../playground/src/protocol.ts';
import { startSession } from '../../playground/src/session.ts';

/** A CSV of points on a 2-D plane of R^5 (x = a + u·e₁ + v·e₂ for orthonormal e₁, e₂), with a label column. */
function planarCsv(): string {
  const e1 = [0.6, 0.8, 0, 0, 0];
  const e2 = [0, 0, 0.6, 0, 0.8];
  const a = [1, -2, 0.5, 3, 0];
  const lines = ['a,b,c,d,e,label'];
  for (let i = 0; i < 120; i++) {
    const [u, v] = [Math.sin(i * 0.7) * 2, Math.cos(i * 1.3) * (1 + (i % 3))];
    lines.push(`${a.map((ai, j) => (ai + u * e1[j] + v * e2[j]).toFixed(6)).join(',')},${i % 2}`);
  }
  return lines.join('\n');
}

it('draws n-D data in its first two principal components, and lifts the grid back onto the data’s plane', () => {
  const path = join(mkdtempSync(join(tmpdir(), 'plane-')), 'planar.csv');
  writeFileSync(path, planarCsv());
  const settings = { ...DEFAULTS, shape: 'csv' as const, csv: path, labelColumn: 'label', hidden: '4', batch: 40 };
  const s = startSession(specOf(settings, { β: 1 }, 5), 2 ** 31);
  expect(s.data.dim).toBe(5);
  expect(s.data.plane).toHaveLength(2 * 120);
  // the principal plane of planar data is their plane: its coordinates keep every distance (two columns would not)
  const dist = (a: ArrayLike<number>, i: number, j: number, d: number) =>
    Math.hypot(...Array.from({ length: d }, (_, k) => a[i * d + k] - a[j * d + k]));
  for (const [i, j] of [
    [0, 1],
    [5, 77],
    [30, 119],
  ])
    expect(dist(s.data.plane, i, j, 2)).toBeCloseTo(dist(s.data.x, i, j, 5), 3);
  // the data lie on a 2-D plane: the lifted grid does too (each lifted point minus the mean is in span{e₁, e₂})
  const normal = [0.8, -0.6, 0, 0, 0]; // orthogonal to e₁ and e₂
  const normal2 = [0, 0, 0, 1, 0];
  const mean = [0, 1, 2, 3, 4].map((j) => {
    let sum = 0;
    for (let i = 0; i < s.data.n; i++) sum += s.data.x[i * 5 + j];
    return sum / s.data.n;
  });
  for (let i = 0; i < s.lifted.n; i += 97) {
    const d = [0, 1, 2, 3, 4].map((j) => s.lifted.x[i * 5 + j] - mean[j]);
    expect(Math.abs(d.reduce((t, dj, j) => t + dj * normal[j], 0))).toBeLessThan(1e-3);
    expect(Math.abs(d.reduce((t, dj, j) => t + dj * normal2[j], 0))).toBeLessThan(1e-3);
  }
  // the grid covers the plane's points with a margin
  expect(s.grid.steps ** 2).toBe(s.lifted.n);
  s.run.dispose();
});

it('draws 2-D data as they are', () => {
  const path = join(mkdtempSync(join(tmpdir(), 'plane-')), 'flat.csv');
  writeFileSync(path, Array.from({ length: 60 }, (_, i) => `${i % 7},${(i * 3) % 11}`).join('\n'));
  const s = startSession(
    specOf({ ...DEFAULTS, shape: 'csv', csv: path, hidden: '4', batch: 20 }, { β: 1 }, 2),
    2 ** 31,
  );
  expect([...s.data.plane]).toEqual([...s.data.x]);
  s.run.dispose();
});
