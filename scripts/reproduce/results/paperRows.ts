/**
 * A table of paper rows: each row one experiment, showing the paper's number, ours from the tracked results (seeds
 * stated), the remaining differences and links to the result files. A row without tracked results says so and quotes
 * the earlier, untracked numbers as such, until a run is recorded.
 */
import { type DocTable, linksOf, markdownTable, NOT_YET, type Runs, secondsOf } from './tables.ts';
import type { Stored } from './record.ts';

export interface PaperRow {
  /** The results folder (results/<experiment>/) and the spec names whose runs back the row (default: the experiment). */
  readonly experiment: string;
  readonly specs?: readonly string[];
  readonly what: string;
  readonly command: string;
  readonly paper: string;
  /** Ours and the baseline on the same data, from the row's runs (those of `specs`, in order, each sorted by seed). */
  readonly ours: (rs: readonly Stored[][]) => string;
  readonly baseline: (rs: readonly Stored[][]) => string;
  readonly differences: string;
  /** The numbers of an earlier run that has no result file (ours, baseline, time), shown only while none is tracked. */
  readonly untracked?: { readonly ours: string; readonly baseline: string; readonly time: string };
}

const HEADER = [
  'experiment',
  'command',
  'paper',
  'ours (seeds)',
  'baseline on the same data',
  'remaining differences',
  'time',
  'result files',
];

function renderRow(row: PaperRow, runs: Runs): string[] {
  const rs = (row.specs ?? [row.experiment]).map((s) => runs.of(row.experiment, s));
  const fixed = [row.what, `\`${row.command}\``, row.paper];
  if (rs.every((r) => r.length === 0)) {
    const u = row.untracked;
    return [
      ...fixed,
      u ? `**${NOT_YET}**; an earlier run, untracked: ${u.ours}` : `**${NOT_YET}**`,
      u ? `untracked: ${u.baseline}` : '—',
      row.differences,
      u ? `untracked: ${u.time}` : '—',
      '—',
    ];
  }
  const all = rs.flat();
  return [
    ...fixed,
    row.ours(rs),
    row.baseline(rs),
    row.differences,
    rs
      .filter((r) => r.length)
      .map((r) => secondsOf(r))
      .join('; '),
    linksOf(runs, all),
  ];
}

/** The table of `rows` as a generated table `id` of `doc`. */
export const paperTable = (id: string, doc: string, rows: readonly PaperRow[]): DocTable => ({
  id,
  doc,
  render: (runs) =>
    markdownTable(
      HEADER,
      HEADER.map(() => '---'),
      rows.map((r) => renderRow(r, runs)),
    ),
});
