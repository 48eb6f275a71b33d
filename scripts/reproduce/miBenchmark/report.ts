/**
 * The benchmark's report: a markdown table (task, true MI, each estimator's mean ± std over seeds) and a heat map like the
 * paper's Figure 2 (mean estimate in each cell, coloured by log(estimate / true MI) clamped to [−1, 1]).
 */
import type { BenchmarkCell, EstimateSummary, SummaryRow } from '../../../src/benchmark/index.ts';
import { type HeatCell, heatmapSvg } from '../../../src/report/index.ts';

const fmt = (v: number, digits = 2) => (Number.isFinite(v) ? v.toFixed(digits) : '—');

/** The markdown table: one row per task, one column per estimator (mean ± std over seeds; the mean alone from one seed). */
export function resultsTable(rows: readonly SummaryRow[], estimators: readonly string[]): string {
  const head = ['task', 'true MI', ...estimators];
  const lines = [`| ${head.join(' | ')} |`, `| ${head.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`];
  for (const r of rows) {
    const cells = estimators.map((e) => {
      const s = r.estimates[e];
      if (!s) return '';
      const failed = s.failed ? ` (${s.failed} failed)` : '';
      if (!s.count) return `failed ×${s.failed}`;
      return s.count > 1 ? `${fmt(s.mean)} ± ${fmt(s.std)}${failed}` : `${fmt(s.mean)}${failed}`;
    });
    lines.push(`| ${r.name} | ${fmt(r.mi_true, 4)} | ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

/** Per estimator: its cells, the seeds per task, mean seconds per cell, and its slowest task. */
export function timingTable(rows: readonly SummaryRow[], estimators: readonly string[]): string {
  const lines = [
    '| estimator | tasks | cells | seeds per task | mean seconds per cell | slowest task (s) |',
    '| --- | ---: | ---: | --- | ---: | --- |',
  ];
  for (const e of estimators) {
    const of = rows.flatMap((r) => (r.estimates[e] ? [{ name: r.name, s: r.estimates[e] }] : []));
    if (!of.length) continue;
    const cells = of.reduce((a, { s }) => a + s.count + s.failed, 0);
    const mean = of.reduce((a, { s }) => a + s.seconds * (s.count + s.failed), 0) / cells;
    const slowest = of.reduce((a, b) => (b.s.seconds > a.s.seconds ? b : a));
    const seeds = [...new Set(of.map(({ s }) => s.count + s.failed))].sort((a, b) => a - b).join(', ');
    lines.push(
      `| ${e} | ${of.length} | ${cells} | ${seeds} | ${mean.toFixed(2)} | ${slowest.name} (${slowest.s.seconds.toFixed(1)}) |`,
    );
  }
  return lines.join('\n');
}

/** The paper's estimators that the library has (Figure 2 also has histogram, kernel-density and LNN estimators). */
export const PAPER_ESTIMATORS: readonly string[] = ['ksg', 'cca', 'infonce', 'nwj', 'mine'];

/** How `auto` did on one task: its cells against the paper's estimator closest to the truth. */
export interface AutoCheck {
  readonly name: string;
  readonly mi_true: number;
  /** The estimators `auto` chose over the task's seeds. */
  readonly chosen: readonly string[];
  readonly autoEstimate?: EstimateSummary;
  readonly best?: string;
  readonly bestEstimate?: EstimateSummary;
  /**
   * auto at least as close to the true MI as the closest of the paper's estimators, up to twice that one's standard
   * deviation over seeds: |auto − I| ≤ |best − I| + 2 sd(best) (undefined without cells).
   */
  readonly within?: boolean;
}

/** `auto`'s cells on every task (estimator `auto`) against the closest of `PAPER_ESTIMATORS`. */
export function autoChecks(rows: readonly SummaryRow[], cells: readonly BenchmarkCell[]): AutoCheck[] {
  return rows.map((r) => {
    const chosen = [
      ...new Set(cells.flatMap((c) => (c.task === r.task && c.estimator === 'auto' && c.chosen ? [c.chosen] : []))),
    ];
    const ranked = PAPER_ESTIMATORS.flatMap((e) => (r.estimates[e]?.count ? [e] : [])).sort(
      (a, b) => Math.abs(r.estimates[a].mean - r.mi_true) - Math.abs(r.estimates[b].mean - r.mi_true),
    );
    const [best] = ranked;
    const [autoEstimate, bestEstimate] = [r.estimates.auto, best ? r.estimates[best] : undefined];
    const within =
      autoEstimate?.count && bestEstimate
        ? Math.abs(autoEstimate.mean - r.mi_true) <= Math.abs(bestEstimate.mean - r.mi_true) + 2 * bestEstimate.std
        : undefined;
    return { name: r.name, mi_true: r.mi_true, chosen, autoEstimate, best, bestEstimate, within };
  });
}

/** The markdown table of `autoChecks`, and a last line counting the tasks where auto is within. */
export function autoTable(checks: readonly AutoCheck[]): string {
  const pm = (s?: EstimateSummary) => (s?.count ? `${fmt(s.mean)} ± ${fmt(s.std)}` : '—');
  const lines = [
    '| task | true MI | `auto` picks | its estimate | closest of the paper’s estimators | its estimate | auto as close, up to 2 sd |',
    '| --- | ---: | --- | ---: | --- | ---: | --- |',
    ...checks.map(
      (c) =>
        `| ${c.name} | ${fmt(c.mi_true, 4)} | ${c.chosen.join(', ') || '—'} | ${pm(c.autoEstimate)} | ${c.best ?? '—'} | ${pm(c.bestEstimate)} | ${c.within === undefined ? '—' : c.within ? 'yes' : '**no**'} |`,
    ),
  ];
  const judged = checks.filter((c) => c.within !== undefined);
  return `${lines.join('\n')}\n\n\`auto\` is within on ${judged.filter((c) => c.within).length} of ${judged.length} tasks.`;
}

/** The heat map: tasks across, estimators down, with a "True MI" row as in the paper. */
export function heatmap(rows: readonly SummaryRow[], estimators: readonly string[], title: string): Promise<string> {
  const cells: HeatCell[] = rows.flatMap((r) => [
    { row: 'True MI', column: r.name, value: 0, text: r.mi_true.toFixed(1) },
    ...estimators.flatMap((e) => {
      const s = r.estimates[e];
      if (!s?.count) return [];
      const ratio = s.mean > 0 ? Math.log(s.mean / r.mi_true) : -Infinity;
      return [{ row: e, column: r.name, value: ratio, text: s.mean.toFixed(1) }];
    }),
  ]);
  return heatmapSvg(cells, {
    title,
    rows: [...estimators, 'True MI'],
    columns: rows.map((r) => r.name),
    domain: [-1, 1],
    legend: 'log(estimate / true MI)',
  });
}

export const BEGIN = '<!-- mi-benchmark results: generated by `npm run reproduce -- mi-benchmark`, do not edit -->';
export const END = '<!-- end of mi-benchmark results -->';

/** `doc` with the text between the markers replaced by `generated` (the markers appended when absent). */
export function spliceGenerated(doc: string, generated: string): string {
  const block = `${BEGIN}\n\n${generated.trim()}\n\n${END}`;
  const [a, b] = [doc.indexOf(BEGIN), doc.indexOf(END)];
  if (a < 0 || b < a) return `${doc.trimEnd()}\n\n${block}\n`;
  return `${doc.slice(0, a)}${block}${doc.slice(b + END.length)}`;
}
