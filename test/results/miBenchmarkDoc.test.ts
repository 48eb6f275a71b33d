/**
 * The MI benchmark's tracked result: docs/mi-benchmark.md's generated part is exactly the report made from the cells in
 * runs/mi-benchmark/results.json (the one tracked file under runs/), so the file and the doc cannot drift apart.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { BenchmarkCell } from '../../src/benchmark/index.ts';
import { DEFAULT_ESTIMATORS } from '../../scripts/reproduce/miBenchmark/estimators.ts';
import { benchmarkReport } from '../../scripts/reproduce/miBenchmark/index.ts';
import { spliceGenerated } from '../../scripts/reproduce/miBenchmark/report.ts';

describe('docs/mi-benchmark.md', () => {
  it('shows the report of every cell in runs/mi-benchmark/results.json', () => {
    const { cells } = JSON.parse(readFileSync('runs/mi-benchmark/results.json', 'utf8')) as { cells: BenchmarkCell[] };
    const doc = readFileSync('docs/mi-benchmark.md', 'utf8');
    // the column order is the last run's (its --estimators first); the columns are every estimator with cells
    const header = doc.split('\n').find((l) => l.startsWith('| task | true MI |'));
    const shown = (header ?? '')
      .split('|')
      .slice(3, -1)
      .map((s) => s.trim());
    expect([...shown].sort()).toEqual([...new Set([...DEFAULT_ESTIMATORS, ...cells.map((c) => c.estimator)])].sort());
    expect(spliceGenerated(doc, benchmarkReport(cells, shown, 10_000).generated)).toBe(doc);
  });
});
