/**
 * Plots rendered headless to SVG: vega-lite compiles a chart, vega renders it without a browser. Both are imported at
 * the first plot, not with the library: they take seconds to load, and vega-canvas's top-level await would keep
 * `require('info-objectives')` from working.
 */
import type { TopLevelSpec } from 'vega-lite';
import { ByteArray, checkArgs, Labels, List, Obj, PointLabels, Str } from '../api/arguments.ts';

/** Render a vega-lite spec to an SVG string. */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  checkArgs('renderSvg', { spec: [Obj('a vega-lite spec'), spec] });
  const [vega, { compile }] = await Promise.all([import('vega'), import('vega-lite')]);
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  return svg;
}

/** Line chart of the per-epoch loss (and any other numeric fields, one line each). */
export function lossCurveSvg(
  history: readonly { epoch: number; loss: number }[],
  o: { title: string },
): Promise<string> {
  checkArgs('lossCurveSvg', {
    history: [List('a list of { epoch, loss }'), history],
    options: [Obj('options { title }'), o],
  });
  return lineChartSvg(
    history.map((h) => ({ x: h.epoch, y: h.loss, series: 'loss' })),
    { title: o.title, x: 'epoch', y: 'loss' },
  );
}

/** Generic line chart: points (x, y) grouped by `series`. */
export function lineChartSvg(
  points: readonly { x: number; y: number; series: string }[],
  o: { title: string; x: string; y: string; logX?: boolean },
): Promise<string> {
  checkArgs('lineChartSvg', {
    points: [List('a list of points { x, y, series }'), points],
    options: [Obj('options { title, x, y, logX? }'), o],
  });
  return renderSvg({
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: o.title,
    width: 480,
    height: 300,
    data: { values: points as unknown as Record<string, unknown>[] },
    mark: { type: 'line', point: points.length <= 60 },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: o.x, scale: o.logX ? { type: 'log' } : { zero: false } },
      y: { field: 'y', type: 'quantitative', title: o.y, scale: { zero: false } },
      color: { field: 'series', type: 'nominal', title: null, legend: { labelLimit: 320 } },
    },
  });
}

/** 2-D points coloured by a labeling (the learned partition on the data plane, or data beside a generator's samples). */
export function scatterSvg(
  points: Float32Array,
  labels: Int32Array | readonly string[],
  title: string,
  legend = 'cluster',
): Promise<string> {
  checkArgs('scatterSvg', {
    points: [ByteArray, points],
    labels: [PointLabels, labels],
    title: [Str, title],
    legend: [Str, legend],
  });
  const values = Array.from(labels as ArrayLike<number | string>, (c, i) => ({
    x: points[2 * i],
    y: points[2 * i + 1],
    [legend]: String(c),
  }));
  return renderSvg({
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title,
    width: 420,
    height: 420,
    data: { values },
    mark: { type: 'circle', size: 12, opacity: 0.7 },
    encoding: {
      x: { field: 'x', type: 'quantitative', scale: { zero: false } },
      y: { field: 'y', type: 'quantitative', scale: { zero: false } },
      color: { field: legend, type: 'nominal' },
    },
  });
}

/** One panel of `partitionSvg`: data points of the plane with their predicted states, and optionally the states on a grid. */
export interface PartitionPanel {
  readonly title: string;
  /** n × 2 plane coordinates of the data. */
  readonly points: Float32Array;
  readonly states: Int32Array;
  /** Predicted states at grid-cell centres (cells `cell` wide), drawn as light squares behind the data. */
  readonly field?: {
    readonly points: Float32Array;
    readonly states: Int32Array;
    readonly cell: readonly [number, number];
  };
}

/**
 * Learned partitions over the data plane, one panel per data set, side by side (Neural Bayes Figure 1): each data point
 * in the colour of its predicted state, the rest of the plane in a lighter shade of the state predicted there. At most
 * `maxPoints` data points per panel are drawn (every k-th), to keep the SVG small.
 */
export async function partitionSvg(
  panels: readonly PartitionPanel[],
  o: { title: string; maxPoints?: number },
): Promise<string> {
  checkArgs('partitionSvg', {
    panels: [List('a list of partition panels'), panels],
    options: [Obj('options { title, maxPoints? }'), o],
  });
  const maxPoints = o.maxPoints ?? 800;
  const layer = (p: PartitionPanel) => {
    const n = p.states.length;
    const every = Math.max(1, Math.ceil(n / maxPoints));
    const data = Array.from({ length: Math.ceil(n / every) }, (_, j) => {
      const i = j * every;
      return { x: p.points[2 * i], y: p.points[2 * i + 1], state: String(p.states[i]) };
    });
    const f = p.field;
    const cells = f
      ? Array.from(f.states, (state, i) => ({
          x: f.points[2 * i] - f.cell[0] / 2,
          x2: f.points[2 * i] + f.cell[0] / 2,
          y: f.points[2 * i + 1] - f.cell[1] / 2,
          y2: f.points[2 * i + 1] + f.cell[1] / 2,
          state: String(state),
        }))
      : [];
    const axis = (field: 'x' | 'y') => ({
      field,
      type: 'quantitative' as const,
      title: field === 'x' ? 'u' : 'v',
      scale: { zero: false, nice: false },
    });
    const color = { field: 'state', type: 'nominal' as const, title: 'state', scale: { scheme: 'category10' } };
    return {
      title: p.title,
      width: 260,
      height: 260,
      layer: [
        ...(f
          ? [
              {
                data: { values: cells },
                mark: { type: 'rect' as const, opacity: 0.22, strokeWidth: 0, aria: false },
                encoding: { x: axis('x'), x2: { field: 'x2' }, y: axis('y'), y2: { field: 'y2' }, color },
              },
            ]
          : []),
        {
          data: { values: data },
          mark: { type: 'circle' as const, size: 9, opacity: 0.9, aria: false },
          encoding: { x: axis('x'), y: axis('y'), color },
        },
      ],
    };
  };
  const svg = await renderSvg({
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: o.title,
    hconcat: panels.map(layer),
  } as TopLevelSpec);
  // coordinates (path data and transforms, not the text) to 1/100 pixel: a third of the file, the same picture
  return svg.replace(/ (d|transform)="[^"]*"/g, (attr) => attr.replace(/(\d\.\d{2})\d+/g, '$1'));
}

/**
 * 2-D points coloured by component, with each diagonal-Gaussian component drawn as its mean (a cross) and its 2σ
 * ellipse (axis-aligned: the covariance is diagonal).
 */
export function mixtureSvg(
  points: Float32Array,
  labels: Int32Array,
  components: readonly { mean: [number, number]; sd: [number, number] }[],
  title: string,
): Promise<string> {
  checkArgs('mixtureSvg', {
    points: [ByteArray, points],
    labels: [Labels, labels],
    components: [List('a list of components { mean, sd }'), components],
    title: [Str, title],
  });
  const values = Array.from(labels, (c, i) => ({ x: points[2 * i], y: points[2 * i + 1], component: String(c) }));
  const steps = 64;
  const ellipses = components.flatMap(({ mean, sd }, k) =>
    Array.from({ length: steps + 1 }, (_, s) => {
      const a = (2 * Math.PI * s) / steps;
      return {
        x: mean[0] + 2 * sd[0] * Math.cos(a),
        y: mean[1] + 2 * sd[1] * Math.sin(a),
        component: String(k),
        order: s,
      };
    }),
  );
  const means = components.map(({ mean }, k) => ({ x: mean[0], y: mean[1], component: String(k) }));
  const x = { field: 'x', type: 'quantitative', scale: { zero: false } } as const;
  const y = { field: 'y', type: 'quantitative', scale: { zero: false } } as const;
  const color = { field: 'component', type: 'nominal' } as const;
  return renderSvg({
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title,
    width: 420,
    height: 420,
    layer: [
      { data: { values }, mark: { type: 'circle', size: 12, opacity: 0.5 }, encoding: { x, y, color } },
      {
        data: { values: ellipses },
        mark: { type: 'line', strokeWidth: 2 },
        encoding: { x, y, color, order: { field: 'order', type: 'quantitative' } },
      },
      {
        data: { values: means },
        mark: { type: 'point', shape: 'cross', size: 120, filled: true },
        encoding: { x, y, color },
      },
    ],
  });
}

/** A point of a sequence plot: the value at step `t` of one series in one panel. */
export interface SequencePoint {
  readonly panel: string;
  readonly series: string;
  readonly t: number;
  readonly value: number;
}

/** Sequences in small panels (in the order the points name them, `columns` per row), value against step, a line per series. */
export function sequencePanelsSvg(
  points: readonly SequencePoint[],
  o: { title: string; columns: number },
): Promise<string> {
  checkArgs('sequencePanelsSvg', {
    points: [List('a list of sequence points'), points],
    options: [Obj('options { title, columns }'), o],
  });
  return renderSvg({
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: o.title,
    data: { values: points as unknown as Record<string, unknown>[] },
    columns: o.columns,
    facet: { field: 'panel', type: 'nominal', title: null, sort: [...new Set(points.map((p) => p.panel))] },
    spec: {
      width: 170,
      height: 110,
      mark: { type: 'line', point: { size: 12 } },
      encoding: {
        x: { field: 't', type: 'quantitative', title: 't' },
        y: { field: 'value', type: 'quantitative', title: 'x_t' },
        color: { field: 'series', type: 'nominal', title: null },
      },
    },
  });
}

/** A cell of a heat map: its row and column, the number that colours it, and the text written in it. */
export interface HeatCell {
  readonly row: string;
  readonly column: string;
  readonly value: number;
  readonly text: string;
}

/**
 * A heat map (rows × columns, in the orders given), each cell coloured by `value` on a diverging scale clamped to
 * `domain` (blue below zero, red above, as the paper's Figure 2) and labelled with `text`.
 */
export function heatmapSvg(
  cells: readonly HeatCell[],
  o: {
    title: string;
    rows: readonly string[];
    columns: readonly string[];
    domain: readonly [number, number];
    legend: string;
  },
): Promise<string> {
  checkArgs('heatmapSvg', {
    cells: [List('a list of heat cells'), cells],
    options: [Obj('options { title, rows, columns, domain, legend }'), o],
  });
  const band = 22;
  const values = cells.map((c) => ({ ...c, clamped: Math.min(o.domain[1], Math.max(o.domain[0], c.value)) }));
  const x = {
    field: 'column',
    type: 'nominal',
    sort: [...o.columns],
    title: null,
    axis: { labelAngle: -60, labelLimit: 420 },
  } as const;
  const y = { field: 'row', type: 'nominal', sort: [...o.rows], title: null } as const;
  return renderSvg({
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: o.title,
    width: band * o.columns.length,
    height: band * o.rows.length,
    data: { values },
    encoding: { x, y },
    layer: [
      {
        mark: 'rect',
        encoding: {
          color: {
            field: 'clamped',
            type: 'quantitative',
            title: o.legend,
            legend: { titleLimit: 400, titleOrient: 'left' },
            scale: { scheme: 'redblue', reverse: true, domain: [...o.domain] },
          },
        },
      },
      { mark: { type: 'text', fontSize: 8 }, encoding: { text: { field: 'text', type: 'nominal' } } },
    ],
  });
}
