/** What the page hands out: the spec file, the equivalent `infobj train` command, the plots as PNG, the history as CSV. */
import { stringify } from 'yaml';
import type { TermValues } from '../../src/train/loop.ts';

export interface EpochRow {
  readonly epoch: number;
  readonly loss: number;
  readonly ari: number;
  readonly lr: number;
  readonly seconds: number;
  readonly terms: TermValues;
}

/** The spec as a YAML file `infobj train` reads. */
export const specYaml = (spec: Record<string, unknown>): string => stringify(spec, { lineWidth: 0 });

/** The shell command that trains the same spec: the file written with a here-document, then `infobj train`. */
export function trainCommand(spec: Record<string, unknown>, file: string, csv?: string): string {
  const data = csv ? `# with ${csv}, the page's uploaded data, next to it\n` : '';
  return `${data}cat > ${file} <<'EOF'\n${specYaml(spec)}EOF\nnpx infobj train ${file}`;
}

/** One CSV cell: numbers as they are, text quoted when it needs to be. */
const cell = (v: unknown): string => {
  if (v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v))) return '';
  const s = Array.isArray(v) ? v.join(' ') : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** The history, one row per epoch: epoch, loss, ari, lr, seconds, then each term's value. */
export function historyCsv(rows: readonly EpochRow[]): string {
  const terms = [...new Set(rows.flatMap((r) => Object.keys(r.terms)))];
  const head = ['epoch', 'loss', 'ari', 'lr', 'seconds', ...terms];
  const lines = rows.map((r) =>
    [r.epoch, r.loss, r.ari, r.lr, r.seconds.toFixed(3), ...terms.map((t) => r.terms[t])].map(cell).join(','),
  );
  return `${[head.map(cell).join(','), ...lines].join('\n')}\n`;
}

/** The canvases side by side on one white PNG. */
export function plotsPng(canvases: readonly HTMLCanvasElement[]): Promise<Blob> {
  const out = document.createElement('canvas');
  out.width = canvases.reduce((w, c) => w + c.width, 0);
  out.height = Math.max(...canvases.map((c) => c.height));
  const g = out.getContext('2d')!;
  g.fillStyle = '#fff';
  g.fillRect(0, 0, out.width, out.height);
  let x = 0;
  for (const c of canvases) {
    g.drawImage(c, x, 0);
    x += c.width;
  }
  return new Promise((resolve, reject) =>
    out.toBlob((b) => (b ? resolve(b) : reject(new Error('no PNG'))), 'image/png'),
  );
}

/** Hand a file to the browser as a download. */
export function download(name: string, data: Blob | string, type = 'text/plain'): void {
  const blob = typeof data === 'string' ? new Blob([data], { type }) : data;
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}
