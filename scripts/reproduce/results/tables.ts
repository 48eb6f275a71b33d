/**
 * The docs' generated tables. Each table is defined once (reproductionsTables.ts, migeTables.ts) and written between
 * two markers in its doc, so the prose around it stays hand-written:
 *
 *   <!-- generated table <id>: `npm run reproduce -- tables` writes it from results/ (…); do not edit -->
 *   …
 *   <!-- end of generated table <id> -->
 *
 * `generateDocs` makes every doc's new text from the tracked results; test/results/tables.test.ts checks the docs
 * equal it, so a result file or a doc edited alone fails.
 */
import { readFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import type { RunResult } from './schema.ts';
import type { Stored } from './record.ts';

/** The tracked results of one experiment and spec, sorted by seed; `doc` is where links are written from. */
export interface Runs {
  readonly doc: string;
  of(experiment: string, spec?: string): Stored[];
}

/** A generated table: its id (the markers'), the doc it lives in, and its markdown made from the results. */
export interface DocTable {
  readonly id: string;
  readonly doc: string;
  render(runs: Runs): string;
}

export const NOT_YET = 'no tracked result yet';

export const beginMarker = (id: string) =>
  `<!-- generated table ${id}: \`npm run reproduce -- tables\` writes it from results/ (definitions in scripts/reproduce/results/); do not edit -->`;
export const endMarker = (id: string) => `<!-- end of generated table ${id} -->`;

/** The results indexed by experiment and spec, with links relative to `doc`. */
export function runsOf(stored: readonly Stored[], doc: string): Runs {
  return {
    doc,
    of: (experiment, spec = experiment) =>
      stored
        .filter((s) => s.result.experiment === experiment && s.result.spec.name === spec)
        .sort((a, b) => a.result.seed - b.result.seed),
  };
}

// —— formatting ——

/** A metric of a result, or undefined when the run did not record it. */
export const metric = (r: RunResult, name: string): number | undefined => r.metrics[name];

/** `v` with `digits` decimals, a minus sign for negatives, '—' when absent. */
export function num(v: number | undefined, digits = 3): string {
  if (v === undefined) return '—';
  const s = v.toFixed(digits);
  return s.startsWith('-') ? `−${s.slice(1)}` : s;
}

/** A fraction as a percentage with `digits` decimals. */
export const pct = (v: number | undefined, digits = 2) => (v === undefined ? '—' : `${num(100 * v, digits)} %`);

/** One metric over the runs, seed by seed: `a / b / c`. */
export const perSeed = (rs: readonly Stored[], name: string, f: (v: number | undefined) => string = num) =>
  rs.map((s) => f(metric(s.result, name))).join(' / ');

/** A term's value at the last epoch of each run (keyed as report.json prints it), seed by seed: `a / b / c`. */
export const lastTerm = (rs: readonly Stored[], term: string, f: (v: number | undefined) => string = num) =>
  rs.map((s) => f(s.result.history.at(-1)?.terms?.[term])).join(' / ');

/** `seeds 0/1/2` (or `seed 0`). */
export const seedsOf = (rs: readonly Stored[]) =>
  `${rs.length === 1 ? 'seed' : 'seeds'} ${rs.map((s) => s.result.seed).join('/')}`;

/** Mean ± sample standard deviation of a metric over the runs (the mean alone for one run), as `f` formats. */
export function meanSd(rs: readonly Stored[], name: string, f: (v: number) => string): string {
  const vs = rs.map((s) => metric(s.result, name)).filter((v): v is number => v !== undefined);
  if (vs.length === 0) return '—';
  const mean = vs.reduce((a, b) => a + b, 0) / vs.length;
  if (vs.length === 1) return f(mean);
  const sd = Math.sqrt(vs.reduce((a, v) => a + (v - mean) ** 2, 0) / (vs.length - 1));
  return `${f(mean)} ± ${f(sd)}`;
}

/** The runs' seconds, seed by seed: `26 / 66 / 37 s`. */
export const secondsOf = (rs: readonly Stored[], digits = 0) =>
  `${rs.map((s) => s.result.seconds.toFixed(digits)).join(' / ')} s`;

/** Links to the runs' result files from the doc: `[seed 0](../results/…), …` (named by spec too when there are several). */
export function linksOf(runs: Runs, rs: readonly Stored[]): string {
  const named = new Set(rs.map((s) => s.result.spec.name)).size > 1;
  return rs
    .map((s) => {
      const label = `${named ? `${s.result.spec.name} ` : ''}seed ${s.result.seed}`;
      return `[${label}](${relative(dirname(runs.doc), s.path)})`;
    })
    .join(', ');
}

/** A markdown table from a header, its alignments (`---` or `---:`) and rows of cells. */
export function markdownTable(header: readonly string[], align: readonly string[], rows: readonly string[][]): string {
  if (align.length !== header.length || rows.some((r) => r.length !== header.length))
    throw new Error(`a table row has not the header's ${header.length} cells`);
  return [header, align, ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
}

// —— the docs ——

/**
 * `text` with each generated table between its markers replaced by `tables`' rendering. Every table of `tables` must
 * have its markers in the text once, and every marker a table.
 */
export function replaceTables(text: string, doc: string, tables: readonly DocTable[], runs: Runs): string {
  const known = new Set(tables.map((t) => t.id));
  for (const m of text.matchAll(/<!-- generated table (\S+):/g))
    if (!known.has(m[1])) throw new Error(`${doc}: a generated table '${m[1]}' that no definition makes`);
  let out = text;
  for (const t of tables) {
    const [begin, end] = [beginMarker(t.id), endMarker(t.id)];
    const from = out.indexOf(begin);
    const to = out.indexOf(end);
    if (from < 0 || to < from || out.indexOf(begin, from + 1) >= 0)
      throw new Error(`${doc}: table '${t.id}' needs its two markers once each, in order:\n${begin}\n${end}`);
    out = `${out.slice(0, from + begin.length)}\n${t.render(runs)}\n${out.slice(to)}`;
  }
  return out;
}

/** The docs (path → text) with their tables made from `stored`. */
export function generateDocs(tables: readonly DocTable[], stored: readonly Stored[]): Map<string, string> {
  const docs = new Map<string, string>();
  for (const doc of [...new Set(tables.map((t) => t.doc))]) {
    const text = readFileSync(doc, 'utf8');
    docs.set(
      doc,
      replaceTables(
        text,
        doc,
        tables.filter((t) => t.doc === doc),
        runsOf(stored, doc),
      ),
    );
  }
  return docs;
}

/** A column of a per-spec table: its header, alignment, and cell from the row and its runs (non-empty). */
export interface Column<R> {
  readonly key: string;
  readonly head: string;
  readonly align: '---' | '---:';
  /** A cell written in the definition (the same with or without runs). */
  readonly fixed?: (row: R) => string;
  /** A cell made from the row's runs. */
  readonly fromRuns?: (rs: readonly Stored[], row: R) => string;
}

/** A row of a per-spec table: the experiment and spec whose runs back it, and, while none is tracked, earlier numbers. */
export interface SpecRow {
  readonly experiment: string;
  readonly spec?: string;
  /** Earlier numbers by column key, from runs that have no result file: shown, marked, only while none is tracked. */
  readonly untracked?: Readonly<Record<string, string>>;
}

/**
 * A table with one row per spec: fixed cells, cells from the row's runs, and a last column of links to the result
 * files. A row without tracked runs shows its untracked numbers marked as such, and says it has no tracked result.
 */
export function specTable<R extends SpecRow>(
  id: string,
  doc: string,
  columns: readonly Column<R>[],
  rows: readonly R[],
): DocTable {
  const firstFromRuns = columns.findIndex((c) => c.fromRuns);
  return {
    id,
    doc,
    render: (runs) =>
      markdownTable(
        [...columns.map((c) => c.head), 'result files'],
        [...columns.map((c) => c.align), '---'],
        rows.map((row) => {
          const rs = runs.of(row.experiment, row.spec);
          const cells = columns.map((c, i) => {
            if (c.fixed) return c.fixed(row);
            if (rs.length && c.fromRuns) return c.fromRuns(rs, row);
            const earlier = row.untracked?.[c.key];
            const mark =
              i === firstFromRuns ? `**${NOT_YET}**${earlier ? '; untracked: ' : ''}` : earlier ? 'untracked: ' : '';
            return `${mark}${earlier ?? ''}` || '—';
          });
          return [...cells, rs.length ? linksOf(runs, rs) : '—'];
        }),
      ),
  };
}
