/**
 * The generated tables of docs/mige.md: MIGE's gradient of I on correlated Gaussians (§4.1) in Circumstances III and
 * I, and beside the critic bounds (`npm run reproduce -- correlated-gaussian`); and the Information Bottleneck rows
 * (§4.3) of ibTables.ts.
 */
import { IB_MIGE_TABLE } from './ibTables.ts';
import type { Stored } from './record.ts';
import { type DocTable, linksOf, markdownTable, NOT_YET, num, pct, type Runs, seedsOf } from './tables.ts';

const DOC = 'docs/mige.md';
const EXPERIMENT = 'correlated-gaussian';
const DIMS = [5, 10, 20] as const;
const RHOS = [0.2, 0.5, 0.8] as const;

/** The result name of MIGE's gradient in a circumstance at (d, ρ), as the reproduction records it. */
export const migeName = (circumstance: 'I' | 'III', dim: number, rho: number) =>
  `mige-${circumstance}-d${dim}-rho${rho}`;
/** The spec name of a critic bound's run at dimension d (reproduce.ts's boundSpec). */
const criticName = (estimator: string, dim: number) => `toy-${estimator}-d${dim}`;

const one = (runs: Runs, name: string): Stored | undefined => runs.of(EXPERIMENT, name)[0];
const m = (s: Stored | undefined, name: string) => s?.result.metrics[name];

const gradients: DocTable = {
  id: 'mige-correlated-gaussian',
  doc: DOC,
  render: (runs) =>
    markdownTable(
      ['d', 'ρ', 'I true', 'dI/dρ true', 'MIGE (III)', 'rel. error', 'MIGE (I)', 'rel. error', 'result files'],
      ['---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---'],
      DIMS.flatMap((d) =>
        RHOS.map((rho) => {
          const [iii, i] = [one(runs, migeName('III', d, rho)), one(runs, migeName('I', d, rho))];
          const truth = iii ?? i;
          const est = (s: Stored | undefined) =>
            s ? [num(m(s, 'grad_estimate')), num(m(s, 'grad_rel_error'))] : [NOT_YET, '—'];
          return [
            String(d),
            String(rho),
            num(m(truth, 'mi_true')),
            num(m(truth, 'grad_true')),
            ...est(iii),
            ...est(i),
            linksOf(
              runs,
              [iii, i].filter((s): s is Stored => s !== undefined),
            ) || '—',
          ];
        }),
      ),
    ),
};

const CRITICS = [
  ['nwj', 'NWJ / MINE-f'],
  ['mine', 'MINE'],
  ['infonce', 'InfoNCE'],
  ['jsd-critic', 'JSD critic'],
] as const;

const bounds: DocTable = {
  id: 'mige-critic-bounds',
  doc: DOC,
  render: (runs) =>
    markdownTable(
      [
        'd',
        'estimator',
        'I true',
        'I estimate',
        'dI/dρ true',
        'dI/dρ estimate',
        'rel. error',
        'seconds',
        'result file',
      ],
      ['---:', '---', '---:', '---:', '---:', '---:', '---:', '---:', '---'],
      DIMS.flatMap((d) => {
        const rows: [string, Stored | undefined, boolean][] = [
          ['MIGE (III)', one(runs, migeName('III', d, 0.5)), false],
          ['MIGE (I)', one(runs, migeName('I', d, 0.5)), false],
          ...CRITICS.map(([e, label]): [string, Stored | undefined, boolean] => [
            label,
            one(runs, criticName(e, d)),
            e === 'jsd-critic',
          ]),
        ];
        return rows.map(([label, s, footnote]) =>
          s
            ? [
                String(d),
                label,
                num(m(s, 'mi_true')),
                m(s, 'mi_estimate') === undefined ? '—' : `${num(m(s, 'mi_estimate'))}${footnote ? ' ¹' : ''}`,
                num(m(s, 'grad_true')),
                num(m(s, 'grad_estimate')),
                num(m(s, 'grad_rel_error')),
                s.result.seconds.toFixed(1),
                linksOf(runs, [s]),
              ]
            : [String(d), label, '—', NOT_YET, '—', '—', '—', '—', '—'],
        );
      }),
    ),
};

/** The DIM-style run (§4.2): the linear probe on the MIGE-trained features, the untrained encoder's and raw pixels. */
const dim: DocTable = {
  id: 'mige-dim-mnist',
  doc: DOC,
  render: (runs) => {
    const [run] = runs.of('mige-dim-mnist');
    const rows: [string, string, string][] = [
      ['MIGE-trained encoder', 'linear_probe_acc', '90.95 %'],
      ['the same encoder, untrained', 'linear_probe_acc_random', '83.85 %'],
      ['raw pixels', 'linear_probe_acc_raw', '88.45 %'],
    ];
    return markdownTable(
      ['features', 'probe test accuracy', 'result file'],
      ['---', '---:', '---'],
      rows.map(([label, metric, earlier]) =>
        run
          ? [label, `${pct(m(run, metric))} (${seedsOf([run])})`, linksOf(runs, [run])]
          : [label, `**${NOT_YET}**; an earlier run, untracked: ${earlier} (seed 0)`, '—'],
      ),
    );
  },
};

export const MIGE_TABLES: readonly DocTable[] = [gradients, bounds, IB_MIGE_TABLE, dim];
