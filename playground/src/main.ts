/**
 * The playground page: the objective typed in the page is decoded and planned by the library on every change (printed
 * as the papers write it, each term's estimator and why, the lint warnings); Train sends the page's spec to a worker
 * that trains it and reports every epoch (partition and loss curve redrawn); Check compares two objectives by value and
 * gradient (checkEquivalent on the cpu backend, in the page).
 */
import * as tf from '@tensorflow/tfjs';
import { checkEquivalent, describeReport, explainJson, parse, print } from '../../src/core.ts';
import { decodeSpec } from '../../src/spec/decode.ts';
import { planSpec } from '../../src/spec/compile.ts';
import { parseSpecText } from '../../src/spec/load.ts';
import { encodersOfSpec } from '../../src/spec/objective.ts';
import type { Spec } from '../../src/spec/schema.ts';
import { type FromWorker, type PageSettings, specOf, type ToWorker } from './protocol.ts';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const input = (id: string) => $<HTMLInputElement>(id);
const PALETTE = [
  '#1f77b4',
  '#d62728',
  '#2ca02c',
  '#ff7f0e',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#17becf',
  '#bcbd22',
  '#7f7f7f',
];

/** "β=4, γ=1" → { β: 4, γ: 1 }. */
function parseHypers(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const m = /^(.+?)\s*[=:]\s*(-?[\d.eE+-]+)$/.exec(part);
    if (!m) throw new Error(`hyper-parameters: expected name=value, got '${part}'`);
    out[m[1]] = Number(m[2]);
  }
  return out;
}

function settings(): PageSettings {
  const num = (id: string) => Number(input(id).value);
  return {
    objective: $<HTMLTextAreaElement>('objective').value.trim(),
    hypers: parseHypers(input('hypers').value),
    family: input('family').value as PageSettings['family'],
    size: num('size'),
    hidden: input('hidden')
      .value.split(',')
      .map((w) => Number(w.trim()))
      .filter((w) => w > 0),
    batchNorm: input('batchNorm').checked,
    shape: input('shape').value as PageSettings['shape'],
    n: num('n'),
    noise: num('noise'),
    clusters: num('clusters'),
    embed: num('embed'),
    epochs: num('epochs'),
    batch: num('batch'),
    lr: num('lr'),
    seed: num('seed'),
  };
}

const text = (el: HTMLElement, s: string) => {
  el.textContent = s;
};

function showError(message: string | undefined): void {
  const el = $('error');
  el.hidden = !message;
  text(el, message ?? '');
}

/** Decode and plan the page's spec; show the printed objective, the plan and the warnings. */
function replan(): Spec | undefined {
  const plan = $('plan').querySelector('tbody')!;
  try {
    const s = settings();
    const raw = specOf(s);
    text($('specText'), JSON.stringify(raw, null, 2));
    const spec = decodeSpec(raw, 'playground');
    const planned = planSpec(spec);
    text($('printed'), print(planned.objective));
    plan.replaceChildren(
      ...explainJson(planned.plan).map((t) => {
        const tr = document.createElement('tr');
        for (const [cls, value] of [
          ['term', t.term],
          ['estimator', t.estimator],
          ['gradient', t.gradient],
          ['rule', `${t.rule} — ${t.reason}`],
        ]) {
          const td = document.createElement('td');
          td.className = cls;
          td.textContent = value;
          tr.append(td);
        }
        return tr;
      }),
    );
    $('warnings').replaceChildren(
      ...planned.warnings.map((w) => {
        const li = document.createElement('li');
        li.textContent = `warning: ${w.term}: ${w.reason}`;
        return li;
      }),
    );
    showError(undefined);
    $<HTMLButtonElement>('train').disabled = running !== undefined;
    return spec;
  } catch (e) {
    showError((e as Error).message);
    plan.replaceChildren();
    $('warnings').replaceChildren();
    $<HTMLButtonElement>('train').disabled = true;
    return undefined;
  }
}

/** Fill the form from a shipped spec (its objective printed, so that presets become editable text). */
function loadPreset(name: string, specs: Record<string, string>): void {
  const spec = parseSpecText(specs[name], `${name}.yaml`);
  const planned = planSpec(spec);
  const enc = spec.model.encoders[0];
  $<HTMLTextAreaElement>('objective').value = print(planned.objective);
  input('hypers').value = Object.entries(spec.objective.hypers ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
  if (enc && (enc.family === 'bernoulli' || enc.family === 'categorical')) {
    input('family').value = enc.family;
    input('size').value = String(enc.size);
    if (enc.net.kind === 'mlp') {
      input('hidden').value = (enc.net.hidden ?? []).join(',');
      input('batchNorm').checked = Boolean(enc.net.batchNorm);
    }
  }
  const d = spec.data;
  if (d.kind === 'synthetic') {
    input('shape').value = d.shape;
    input('n').value = String(d.n);
    input('noise').value = String(d.noise);
    if (d.clusters) input('clusters').value = String(d.clusters);
    input('embed').value = d.embed ? '512' : '2';
  }
  const t = spec.train;
  if ('epochs' in t) {
    input('epochs').value = String(t.epochs);
    input('batch').value = String(t.batch);
    input('lr').value = String(t.lr);
  }
}

// ---- plots ----

let plane: Float32Array | undefined;
let labels: Int32Array | undefined;
const losses: number[] = [];

function drawPartition(partition: Int32Array | undefined): void {
  const c = $<HTMLCanvasElement>('partition');
  const g = c.getContext('2d')!;
  g.clearRect(0, 0, c.width, c.height);
  if (!plane) return;
  const n = plane.length / 2;
  let [x0, x1, y0, y1] = [Infinity, -Infinity, Infinity, -Infinity];
  for (let i = 0; i < n; i++) {
    [x0, x1] = [Math.min(x0, plane[2 * i]), Math.max(x1, plane[2 * i])];
    [y0, y1] = [Math.min(y0, plane[2 * i + 1]), Math.max(y1, plane[2 * i + 1])];
  }
  const pad = 12;
  const sx = (c.width - 2 * pad) / (x1 - x0 || 1);
  const sy = (c.height - 2 * pad) / (y1 - y0 || 1);
  for (let i = 0; i < n; i++) {
    g.fillStyle = partition ? PALETTE[partition[i] % PALETTE.length] : '#999';
    g.globalAlpha = 0.7;
    g.fillRect(pad + (plane[2 * i] - x0) * sx - 1.5, c.height - pad - (plane[2 * i + 1] - y0) * sy - 1.5, 3, 3);
  }
  g.globalAlpha = 1;
}

function drawLoss(): void {
  const c = $<HTMLCanvasElement>('loss');
  const g = c.getContext('2d')!;
  g.clearRect(0, 0, c.width, c.height);
  if (!losses.length) return;
  const pad = 36;
  const [lo, hi] = [Math.min(...losses), Math.max(...losses)];
  const span = hi - lo || 1;
  const epochs = Math.max(Number(input('epochs').value), losses.length);
  const px = (i: number) => pad + ((i + 1) / epochs) * (c.width - pad - 10);
  const py = (v: number) => c.height - pad - ((v - lo) / span) * (c.height - pad - 10);
  g.strokeStyle = '#889';
  g.strokeRect(pad, 10, c.width - pad - 10, c.height - pad - 10);
  g.fillStyle = '#445';
  g.font = '11px sans-serif';
  g.fillText(hi.toPrecision(4), 2, 18);
  g.fillText(lo.toPrecision(4), 2, c.height - pad);
  g.fillText('epoch', c.width / 2, c.height - 8);
  g.strokeStyle = '#1f77b4';
  g.lineWidth = 2;
  g.beginPath();
  losses.forEach((v, i) => (i ? g.lineTo(px(i), py(v)) : g.moveTo(px(i), py(v))));
  g.stroke();
  g.fillStyle = '#1f77b4';
  losses.forEach((v, i) => g.fillRect(px(i) - 2, py(v) - 2, 4, 4));
}

// ---- training ----

let running: Worker | undefined;

function finish(state: string): void {
  running?.terminate();
  running = undefined;
  document.body.dataset.state = state;
  $<HTMLButtonElement>('stop').disabled = true;
  $<HTMLButtonElement>('train').disabled = false;
}

function startTraining(): void {
  const spec = replan();
  if (!spec) return;
  finish('training');
  [plane, labels] = [undefined, undefined];
  losses.length = 0;
  drawPartition(undefined);
  drawLoss();
  delete document.body.dataset.ari;
  text($('status'), 'starting…');
  const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
  running = worker;
  $<HTMLButtonElement>('stop').disabled = false;
  $<HTMLButtonElement>('train').disabled = true;
  let describe = '';
  worker.onmessage = (e: MessageEvent<FromWorker>) => {
    const m = e.data;
    if (m.type === 'backend') {
      text($('backend'), `backend: ${m.name}${m.note ? ` (${m.note})` : ''}`);
      document.body.dataset.backend = m.name;
    } else if (m.type === 'data') {
      [plane, labels, describe] = [m.plane, m.labels, m.describe];
      drawPartition(labels);
      text($('status'), `${describe} · training…`);
    } else if (m.type === 'epoch') {
      losses.push(m.loss);
      drawPartition(m.partition);
      drawLoss();
      document.body.dataset.ari = String(m.ari);
      document.body.dataset.epoch = String(m.epoch);
      const ari = Number.isNaN(m.ari) ? '' : ` · ARI ${m.ari.toFixed(3)}`;
      text(
        $('status'),
        `${describe} · epoch ${m.epoch}/${m.epochs} · loss ${m.loss.toFixed(4)}${ari} · ${m.seconds.toFixed(1)} s`,
      );
    } else if (m.type === 'done') {
      text($('status'), `${$('status').textContent} · done`);
      finish('done');
    } else {
      showError(m.message);
      finish('error');
    }
  };
  worker.onerror = (e) => {
    showError(`the training worker failed: ${e.message}`);
    finish('error');
  };
  const message: ToWorker = {
    type: 'train',
    spec: specOf(settings()),
    backend: input('backendChoice').value as ToWorker['backend'],
  };
  worker.postMessage(message);
}

// ---- equivalence ----

async function checkEquivalence(): Promise<void> {
  const out = $('equivResult');
  try {
    if (tf.getBackend() !== 'cpu') await tf.setBackend('cpu');
    const s = settings();
    const spec = decodeSpec(specOf(s), 'playground');
    const encoders = encodersOfSpec(spec.model.encoders);
    const a = parse($<HTMLTextAreaElement>('equivA').value, { encoders });
    const b = parse($<HTMLTextAreaElement>('equivB').value, { encoders });
    const report = checkEquivalent(a, b, { hypers: s.hypers });
    text(
      out,
      report.equivalent
        ? `${print(a)}  ≡  ${print(b)}: equivalent (values and gradients)`
        : describeReport(a, b, report),
    );
    out.dataset.equivalent = String(report.equivalent);
  } catch (e) {
    text(out, (e as Error).message);
    out.dataset.equivalent = 'error';
  }
}

// ---- start ----

async function start(): Promise<void> {
  const specs = (await (await fetch('specs.json')).json()) as Record<string, string>;
  const preset = $<HTMLSelectElement>('preset');
  const trainable = Object.keys(specs).filter(
    (k) => /kind:\s*synthetic/.test(specs[k]) && !/preset:\s*em-gmm|family:\s*gaussian/.test(specs[k]),
  );
  preset.replaceChildren(
    ...['', ...trainable].map((k) =>
      Object.assign(document.createElement('option'), { value: k, textContent: k || '(the page’s own)' }),
    ),
  );
  preset.onchange = () => {
    if (!preset.value) return;
    try {
      loadPreset(preset.value, specs);
    } catch (e) {
      showError((e as Error).message);
    }
    replan();
  };
  $<HTMLTextAreaElement>('objective').value = 'max I(X;Z) − β·R_c(L)';
  let timer: ReturnType<typeof setTimeout> | undefined;
  document.querySelectorAll('#inputs input, #inputs textarea, #inputs select').forEach((el) => {
    if (el.id === 'preset') return;
    el.addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(replan, 150);
    });
  });
  $('train').onclick = startTraining;
  $('stop').onclick = () => {
    text($('status'), `${$('status').textContent} · stopped`);
    finish('stopped');
  };
  $('equivCheck').onclick = () => void checkEquivalence();
  replan();
  document.body.dataset.state = 'ready';
}

start().catch((e: unknown) => {
  showError(`the playground failed to start: ${(e as Error).message}`);
  document.body.dataset.state = 'error';
});
