/**
 * The page's plots, drawn on canvases: axes with ticks on every plot, the decision surface p(z|x) over the data plane
 * (each cell coloured by its states' colours weighted by their probabilities, TensorFlow Playground's view) with the
 * data on top, and curves per epoch.
 */

export const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf'];
const rgb = (hex: string) => [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16));
const RGB = PALETTE.map(rgb);

/** About `count` round tick values covering [lo, hi] (1, 2 or 5 times a power of ten apart). */
export function ticks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

const label = (v: number) => (Math.abs(v) >= 1e4 || (v !== 0 && Math.abs(v) < 1e-3) ? v.toExponential(1) : String(v));

export interface Frame {
  readonly g: CanvasRenderingContext2D;
  readonly x: (v: number) => number;
  readonly y: (v: number) => number;
  readonly left: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
}

/** Clear the canvas and draw axes over [x0, x1] × [y0, y1] with ticks and labels; returns the data → pixel maps. */
export function axes(
  c: HTMLCanvasElement,
  [x0, x1]: readonly [number, number],
  [y0, y1]: readonly [number, number],
  names: { x: string; y: string },
): Frame {
  const g = c.getContext('2d')!;
  g.clearRect(0, 0, c.width, c.height);
  const [left, top, right, bottom] = [48, 10, c.width - 10, c.height - 34];
  const x = (v: number) => left + ((v - x0) / (x1 - x0 || 1)) * (right - left);
  const y = (v: number) => bottom - ((v - y0) / (y1 - y0 || 1)) * (bottom - top);
  g.strokeStyle = '#889';
  g.lineWidth = 1;
  g.strokeRect(left, top, right - left, bottom - top);
  g.fillStyle = '#445';
  g.font = '11px system-ui, sans-serif';
  g.textAlign = 'center';
  g.textBaseline = 'top';
  for (const t of ticks(x0, x1)) {
    g.beginPath();
    g.moveTo(x(t), bottom);
    g.lineTo(x(t), bottom + 4);
    g.stroke();
    g.fillText(label(t), x(t), bottom + 6);
  }
  g.fillText(names.x, (left + right) / 2, bottom + 20);
  g.textAlign = 'right';
  g.textBaseline = 'middle';
  for (const t of ticks(y0, y1)) {
    g.beginPath();
    g.moveTo(left - 4, y(t));
    g.lineTo(left, y(t));
    g.stroke();
    g.fillText(label(t), left - 6, y(t));
  }
  g.save();
  g.translate(10, (top + bottom) / 2);
  g.rotate(-Math.PI / 2);
  g.textAlign = 'center';
  g.fillText(names.y, 0, 0);
  g.restore();
  return { g, x, y, left, top, right, bottom };
}

export interface SurfaceView {
  readonly origin: readonly [number, number];
  readonly cell: readonly [number, number];
  readonly steps: number;
}

/**
 * The decision surface: p(z|x) on the grid (rows from the lowest v, `width` probabilities per cell), each cell the
 * probability-weighted mix of its states' colours, smoothed; then the data points coloured by their most probable state.
 */
export function drawSurface(
  c: HTMLCanvasElement,
  view: SurfaceView | undefined,
  plane: Float32Array | undefined,
  surface: { probs: Float32Array; width: number } | undefined,
  partition: Int32Array | undefined,
  names = { x: 'u', y: 'v' },
): void {
  if (!plane) {
    c.getContext('2d')!.clearRect(0, 0, c.width, c.height);
    return;
  }
  const n = plane.length / 2;
  let [x0, x1, y0, y1] = [Infinity, -Infinity, Infinity, -Infinity];
  if (view) {
    [x0, y0] = view.origin;
    [x1, y1] = [x0 + view.steps * view.cell[0], y0 + view.steps * view.cell[1]];
  } else
    for (let i = 0; i < n; i++) {
      [x0, x1] = [Math.min(x0, plane[2 * i]), Math.max(x1, plane[2 * i])];
      [y0, y1] = [Math.min(y0, plane[2 * i + 1]), Math.max(y1, plane[2 * i + 1])];
    }
  const f = axes(c, [x0, x1], [y0, y1], names);
  const { g } = f;
  if (view && surface) {
    const k = view.steps;
    const img = new ImageData(k, k);
    for (let r = 0; r < k; r++)
      for (let col = 0; col < k; col++) {
        const cellAt = r * k + col;
        const mix = [0, 0, 0];
        for (let s = 0; s < surface.width; s++) {
          const p = surface.probs[cellAt * surface.width + s];
          RGB[s % RGB.length].forEach((v, i) => {
            mix[i] += p * v;
          });
        }
        const at = 4 * ((k - 1 - r) * k + col); // image rows run downwards, the grid's upwards
        // lightened towards white, so that the points stay visible on it
        mix.forEach((v, i) => {
          img.data[at + i] = 0.55 * v + 0.45 * 255;
        });
        img.data[at + 3] = 255;
      }
    const tile = document.createElement('canvas');
    [tile.width, tile.height] = [k, k];
    tile.getContext('2d')!.putImageData(img, 0, 0);
    g.imageSmoothingEnabled = true;
    g.drawImage(tile, f.left + 1, f.top + 1, f.right - f.left - 2, f.bottom - f.top - 2);
  }
  g.lineWidth = 0.6;
  g.strokeStyle = '#fff';
  for (let i = 0; i < n; i++) {
    g.fillStyle = partition ? PALETTE[partition[i] % PALETTE.length] : '#777';
    const [px, py] = [f.x(plane[2 * i]), f.y(plane[2 * i + 1])];
    g.beginPath();
    g.arc(px, py, 2.2, 0, 2 * Math.PI);
    g.fill();
    g.stroke();
  }
}

export interface Series {
  readonly name: string;
  readonly values: readonly (number | undefined)[];
}

/** Curves per epoch (1, 2, …) on shared axes with a legend; epochs up to `epochs` on the x axis. */
export function drawCurves(c: HTMLCanvasElement, series: readonly Series[], epochs: number, yName: string): void {
  const all = series.flatMap((s) => s.values.filter((v): v is number => v !== undefined && Number.isFinite(v)));
  const [lo, hi] = all.length ? [Math.min(...all), Math.max(...all)] : [0, 1];
  const pad = (hi - lo) * 0.05 || 0.5;
  const f = axes(c, [0, Math.max(epochs, 1)], [lo - pad, hi + pad], { x: 'epoch', y: yName });
  const { g } = f;
  series.forEach((s, j) => {
    const colour = PALETTE[j % PALETTE.length];
    g.strokeStyle = g.fillStyle = colour;
    g.lineWidth = 2;
    g.beginPath();
    let drawing = false;
    s.values.forEach((v, i) => {
      if (v === undefined || !Number.isFinite(v)) {
        drawing = false;
        return;
      }
      const [px, py] = [f.x(i + 1), f.y(v)];
      if (drawing) g.lineTo(px, py);
      else g.moveTo(px, py);
      drawing = true;
    });
    g.stroke();
    s.values.forEach((v, i) => {
      if (v !== undefined && Number.isFinite(v)) g.fillRect(f.x(i + 1) - 2, f.y(v) - 2, 4, 4);
    });
  });
  if (series.length > 1) {
    g.font = '11px system-ui, sans-serif';
    g.textAlign = 'left';
    g.textBaseline = 'top';
    series.forEach((s, j) => {
      g.fillStyle = PALETTE[j % PALETTE.length];
      g.fillRect(f.left + 8, f.top + 6 + 14 * j, 10, 3);
      g.fillStyle = '#334';
      g.fillText(s.name.length > 48 ? `${s.name.slice(0, 47)}…` : s.name, f.left + 22, f.top + 14 * j + 1);
    });
  }
}
