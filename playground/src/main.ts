/**
 * The playground page: the objective typed in the page is decoded and planned by the library on every change (printed
 * as the papers write it, one plan row per distinct term with its count, the lint warnings); Train sends the page's
 * spec to the training worker, which starts its backend when the page opens and reports every epoch (the decision
 * surface, the loss, ARI and each term's value, all redrawn); Pause, Step, Resume and Stop act between epochs, and the
 * learning rate and hyper-parameters change the run while it trains. The whole state lives in the URL.
 */
import * as tf from '@tensorflow/tfjs';
import { checkEquivalent, describeReport, explainJson, hypersOf, parse, print } from '../../src/core.ts';
import { decodeSpec } from '../../src/spec/decode.ts';
import { planSpec } from '../../src/spec/compile.ts';
import { encodersOfSpec } from '../../src/spec/objective.ts';
import { COMPLETIONS, completionsAt, PRESETS, SYNTAX } from './help.ts';
import { download, type EpochRow, historyCsv, plotsPng, specYaml, trainCommand } from './exports.ts';
import { drawCurves, drawSurface, type Series, type SurfaceView } from './plots.ts';
import {
  type Control,
  type FromWorker,
  type PageSettings,
  parseHypers,
  specOf,
  type Surface,
  type ToWorker,
} from './protocol.ts';
import { fromFragment, readForm, toFragment, writeForm } from './state.ts';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const button = (id: string) => $<HTMLButtonElement>(id);
const text = (el: HTMLElement, s: string) => {
  el.textContent = s;
};

/** Files uploaded into the page, by name (the worker's stand-in for node:fs reads them). */
const uploads: Record<string, string> = {};

/** Columns of an uploaded CSV besides the label column: the data's dimension. */
function csvDim(s: PageSettings): number {
  const first = uploads[s.csv]?.split(/\r?\n/, 1)[0] ?? '';
  return first.split(',').length - (s.labelColumn ? 1 : 0);
}

const dimOf = (s: PageSettings) => (s.shape === 'csv' ? csvDim(s) : s.embed);

/** The hyper-parameters the objective uses, and the ones typed but unused (a warning, not an error). */
function usedHypers(
  s: PageSettings,
  typed: Record<string, number>,
): { used: Record<string, number>; unused: string[] } {
  const raw = decodeSpec(specOf(s, {}, dimOf(s)), 'playground');
  const encoders = encodersOfSpec(raw.model.encoders);
  const data = s.view > 0 ? ["X'"] : [];
  const names = hypersOf(parse(s.objective, { encoders, data }).body);
  const used = Object.fromEntries(Object.entries(typed).filter(([k]) => names.has(k)));
  return { used, unused: Object.keys(typed).filter((k) => !names.has(k)) };
}

// ---- the page's reading of the objective ----

interface Planned {
  readonly settings: PageSettings;
  readonly spec: Record<string, unknown>;
  readonly hypers: Record<string, number>;
}
let current: Planned | undefined;

function showError(message: string | undefined): void {
  const el = $('error');
  el.hidden = !message;
  text(el, message ?? '');
}

function listWarnings(lines: string[]): void {
  $('warnings').replaceChildren(...lines.map((l) => Object.assign(document.createElement('li'), { textContent: l })));
}

/** The plan, one row per distinct (term, estimator, gradient, rule), with how many terms share it. */
function showPlan(rows: ReturnType<typeof explainJson>): void {
  const groups = new Map<string, { row: (typeof rows)[number]; count: number }>();
  for (const r of rows) {
    const key = JSON.stringify([r.term, r.estimator, r.gradient, r.rule, r.reason]);
    const g = groups.get(key);
    if (g) g.count++;
    else groups.set(key, { row: r, count: 1 });
  }
  $('plan')
    .querySelector('tbody')!
    .replaceChildren(
      ...[...groups.values()].map(({ row: t, count }) => {
        const tr = document.createElement('tr');
        for (const [cls, value] of [
          ['term', t.term],
          ['count', count > 1 ? `×${count}` : ''],
          ['estimator', t.estimator],
          ['gradient', t.gradient],
          ['rule', `${t.rule} — ${t.reason}`],
        ])
          tr.append(Object.assign(document.createElement('td'), { className: cls, textContent: value }));
        return tr;
      }),
    );
}

/** Decode and plan the page's spec; show the printed objective (or, when it does not read, the text as typed). */
/** The fragment the page last wrote: a different one comes from outside (a link pasted into this tab). */
let written = '';
let typing: ReturnType<typeof setTimeout> | undefined;

function replan(): void {
  clearTimeout(typing);
  const s = readForm();
  written = `#${toFragment(s)}`;
  history.replaceState(null, '', written);
  const printed = $('printed');
  try {
    const typed = parseHypers(s.hypers);
    const { used, unused } = usedHypers(s, typed);
    const spec = specOf(s, used, dimOf(s));
    text($('specText'), JSON.stringify(spec, null, 2));
    text($('command'), trainCommand(spec, 'playground.yaml', s.shape === 'csv' ? s.csv : undefined));
    const planned = planSpec(decodeSpec(spec, 'playground'));
    text(printed, print(planned.objective));
    printed.classList.remove('unread');
    showPlan(explainJson(planned.plan));
    listWarnings([
      ...unused.map(
        (h) => `warning: ${h}: not used by the objective; ignored (it uses ${Object.keys(used).join(', ') || 'none'})`,
      ),
      ...planned.warnings.map((w) => `warning: ${w.term}: ${w.reason}`),
    ]);
    showError(undefined);
    current = { settings: s, spec, hypers: used };
    prepareAhead();
  } catch (e) {
    text(printed, s.objective);
    printed.classList.add('unread');
    showError((e as Error).message);
    $('plan').querySelector('tbody')!.replaceChildren();
    listWarnings([]);
    current = undefined;
  }
  liveUpdate(s);
  updateButtons();
}

// ---- the run ----

type RunState = 'idle' | 'starting' | 'training' | 'pausing' | 'paused' | 'done' | 'stopped' | 'error';
let state: RunState = 'idle';
/** The settings the running spec was made from: what a change must differ from to need a restart. */
let trained: Planned | undefined;
const rows: EpochRow[] = [];
let plane: Float32Array | undefined;
let view: SurfaceView | undefined;
let lastSurface: Surface | undefined;
let lastPartition: Int32Array | undefined;
/** The data's true labels: the points' colours when the encoder has no states to colour by. */
let labels: Int32Array | undefined;
let describe = '';

const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
const send = (m: ToWorker) => worker.postMessage(m);

function setState(next: RunState): void {
  state = next;
  document.body.dataset.state = next === 'idle' ? 'ready' : next;
  updateButtons();
  if (running()) return;
  text($('liveNote'), '');
  askBackend(); // a backend chosen while the run trained
  prepareAhead();
}

/** The worker compiles the page's spec and builds its networks now, while the page waits for Train (off its path). */
function prepareAhead(): void {
  if (current && !running()) send({ type: 'prepare', spec: current.spec, files: { ...uploads } });
}

const running = () => ['starting', 'training', 'pausing', 'paused'].includes(state);

function updateButtons(): void {
  button('train').disabled = !current;
  text(button('train'), running() ? 'Restart' : 'Train');
  button('pause').disabled = !running() || state === 'starting';
  text(button('pause'), state === 'paused' || state === 'pausing' ? 'Resume' : 'Pause');
  button('step').disabled = running() ? state !== 'paused' : !current;
  button('stop').disabled = !running();
}

/** While a run trains: the learning rate and the hyper-parameters go to it; anything else waits for a restart. */
function liveUpdate(s: PageSettings): void {
  if (!running() || !trained) {
    text($('liveNote'), '');
    return;
  }
  // an objective that does not read keeps the run's last values
  send({ type: 'live', lr: s.lr, hypers: (current ?? trained).hypers });
  const changed = (Object.keys(s) as (keyof PageSettings)[]).filter(
    (k) => !['lr', 'hypers', 'epochs', 'backend'].includes(k) && s[k] !== trained!.settings[k],
  );
  text(
    $('liveNote'),
    changed.length
      ? `changed since Train: ${changed.join(', ')} — Restart to train with them`
      : 'lr and hyper-parameters apply to the run as you type',
  );
}

/**
 * One curve per distinct term: the history keys a term by its text and its place in the objective (`E_x[L(x)] @0.1`);
 * the places of one term whose values agree every epoch are one curve, named with their count.
 */
function termSeries(history: readonly EpochRow[]): Series[] {
  const values = (k: string) =>
    history.map((r) => (typeof r.terms[k] === 'number' ? (r.terms[k] as number) : undefined));
  const keys = [...new Set(history.flatMap((r) => Object.keys(r.terms)))].filter((k) =>
    values(k).some((v) => v !== undefined),
  );
  const byText = new Map<string, string[]>();
  for (const k of keys) {
    const text = k.replace(/ @[\d.]+$/, '');
    byText.set(text, [...(byText.get(text) ?? []), k]);
  }
  return [...byText].flatMap(([name, group]) => {
    const first = values(group[0]);
    const same = group.every((k) =>
      values(k).every((v, i) => v === first[i] || Math.abs((v ?? 0) - (first[i] ?? 0)) < 1e-9),
    );
    if (same) return [{ name: group.length > 1 ? `${name} ×${group.length}` : name, values: first }];
    return group.map((k) => ({ name: k, values: values(k) }));
  });
}

function redraw(): void {
  drawSurface($('surface'), view, plane, lastSurface, lastPartition);
  const epochs = Math.max(trained?.settings.epochs ?? 1, rows.length);
  drawCurves($('loss'), [{ name: 'loss', values: rows.map((r) => r.loss) }], epochs, 'loss');
  drawCurves(
    $('ari'),
    [{ name: 'ARI', values: rows.map((r) => (Number.isNaN(r.ari) ? undefined : r.ari)) }],
    epochs,
    'ARI',
  );
  drawCurves($('terms'), termSeries(rows), epochs, 'value');
}

let pressed = 0;

function train(paused: boolean): void {
  replan(); // what is typed now, even within the typing pause
  if (!current) return;
  if (running()) send({ type: 'control', action: 'stop' });
  trained = current;
  rows.length = 0;
  [plane, view, lastSurface, lastPartition] = [undefined, undefined, undefined, undefined];
  delete document.body.dataset.ari;
  delete document.body.dataset.epoch;
  redraw();
  pressed = performance.now();
  setState('starting');
  text($('status'), 'starting…');
  send({ type: 'train', spec: current.spec, paused, files: { ...uploads } });
  liveUpdate(current.settings);
}

function control(action: Control): void {
  send({ type: 'control', action });
  if (action === 'pause') setState('pausing');
  if (action === 'resume' || action === 'step') setState('training');
}

/** What each of the worker's messages does to the page. */
const ON: { [K in FromWorker['type']]: (m: Extract<FromWorker, { type: K }>) => void } = {
  backend: (m) => {
    const threads =
      m.name === 'wasm' ? `${m.simd ? ' · SIMD' : ''} · ${m.threads} thread${m.threads === 1 ? '' : 's'}` : '';
    text($('backendInfo'), `backend: ${m.name}${threads}${m.note ? ` (${m.note})` : ''}`);
    Object.assign(document.body.dataset, { backend: m.name, threads: String(m.threads) });
  },
  data: (m) => {
    [plane, view, describe] = [m.plane, m.grid, m.describe];
    [labels, lastPartition] = [m.labels, m.labels];
    if (state === 'starting') setState('training');
    text($('status'), `${describe} · training…`);
    redraw();
  },
  epoch: (m) => {
    if (state === 'starting') return; // the previous run's last epoch, sent before it saw the stop
    rows.push({ epoch: m.epoch, loss: m.loss, ari: m.ari, lr: m.lr, seconds: m.seconds, terms: m.terms });
    [lastSurface, lastPartition] = [m.surface, m.partition ?? labels];
    redraw();
    if (m.epoch === 1) document.body.dataset.firstEpochMs = String(Math.round(performance.now() - pressed));
    Object.assign(document.body.dataset, {
      ari: String(m.ari),
      epoch: String(m.epoch),
      epochSeconds: String(m.epochSeconds),
    });
    const ari = Number.isNaN(m.ari) ? '' : ` · ARI ${m.ari.toFixed(3)}`;
    text(
      $('status'),
      `${describe} · epoch ${m.epoch}/${m.epochs} · loss ${m.loss.toFixed(4)}${ari} · ` +
        `${m.epochSeconds.toFixed(2)} s/epoch · ${m.seconds.toFixed(1)} s`,
    );
  },
  paused: () => {
    setState('paused');
    text($('status'), `${$('status').textContent} · paused`);
  },
  resumed: () => {
    if (state === 'paused') setState('training');
  },
  done: () => {
    setState('done');
    text($('status'), `${$('status').textContent} · done`);
  },
  // a restarted run's predecessor reports its stop after the new run started: the page is then 'starting'
  stopped: () => {
    if (!running() || state === 'starting') return;
    setState('stopped');
    text($('status'), `${$('status').textContent} · stopped`);
  },
  error: (m) => {
    showError(m.message);
    setState('error');
  },
};
worker.onmessage = (e: MessageEvent<FromWorker>) => (ON[e.data.type] as (m: FromWorker) => void)(e.data);
worker.onerror = (e) => {
  showError(`the training worker failed: ${e.message}`);
  setState('error');
};

// ---- equivalence ----

async function checkEquivalence(): Promise<void> {
  const out = $('equivResult');
  try {
    if (tf.getBackend() !== 'cpu') await tf.setBackend('cpu');
    const s = readForm();
    const spec = decodeSpec(specOf(s, {}, dimOf(s)), 'playground');
    const encoders = encodersOfSpec(spec.model.encoders);
    const a = parse($<HTMLTextAreaElement>('equivA').value, { encoders });
    const b = parse($<HTMLTextAreaElement>('equivB').value, { encoders });
    const report = checkEquivalent(a, b, { hypers: parseHypers(s.hypers) });
    // the verdict with its proof or counterexample, as explain prints it (explain --json: equivalence.proof.text)
    text(out, describeReport(a, b, report));
    out.dataset.verdict = report.verdict;
    out.dataset.equivalent = String(report.equivalent);
  } catch (e) {
    text(out, (e as Error).message);
    out.dataset.verdict = 'error';
    out.dataset.equivalent = 'error';
  }
}

// ---- help: presets, syntax, completion ----

function setUpHelp(): void {
  const preset = $<HTMLSelectElement>('preset');
  preset.replaceChildren(
    Object.assign(document.createElement('option'), { value: '', textContent: '(your own)' }),
    ...PRESETS.map((p) => Object.assign(document.createElement('option'), { value: p.name, textContent: p.name })),
  );
  preset.onchange = () => {
    const p = PRESETS.find((q) => q.name === preset.value);
    text($('presetSource'), p?.source ?? '');
    if (!p) return;
    writeForm(p.settings);
    replan();
  };
  $('syntax')
    .querySelector('tbody')!
    .replaceChildren(
      ...SYNTAX.map((t) => {
        const tr = document.createElement('tr');
        for (const v of [t.name, t.example, t.meaning])
          tr.append(Object.assign(document.createElement('td'), { textContent: v }));
        return tr;
      }),
    );
  const box = $<HTMLTextAreaElement>('objective');
  const list = $<HTMLUListElement>('completions');
  let options: string[] = [];
  let start = 0;
  const accept = (option: string) => {
    const at = box.selectionStart;
    box.setRangeText(option, start, at, 'end');
    list.hidden = true;
    box.focus();
    box.dispatchEvent(new Event('input'));
  };
  const suggest = () => {
    ({ start, options } = completionsAt(box.value, box.selectionStart));
    list.hidden = options.length === 0;
    list.replaceChildren(
      ...options.map((o) => {
        const li = Object.assign(document.createElement('li'), { textContent: o });
        li.onmousedown = (e) => {
          e.preventDefault();
          accept(o);
        };
        return li;
      }),
    );
  };
  box.addEventListener('input', (e) => {
    if (e.isTrusted || (e as InputEvent).inputType) suggest();
  });
  box.addEventListener('keydown', (e) => {
    if (e.key === 'Tab' && !list.hidden && options.length) {
      e.preventDefault();
      accept(options[0]);
    } else if (e.key === 'Escape') list.hidden = true;
  });
  box.addEventListener('blur', () => {
    list.hidden = true;
  });
  box.title = `Tab completes: ${COMPLETIONS.slice(0, 6).join(', ')}, …`;
}

// ---- keep and share ----

function setUpExports(): void {
  $('copyLink').onclick = () => void navigator.clipboard?.writeText(location.href).catch(() => undefined);
  $('exportSpec').onclick = () => current && download('playground.yaml', specYaml(current.spec), 'application/yaml');
  $('exportCsv').onclick = () => download('playground-history.csv', historyCsv(rows), 'text/csv');
  $('exportPng').onclick = () =>
    void plotsPng(['surface', 'loss', 'ari', 'terms'].map((id) => $<HTMLCanvasElement>(id))).then((b) =>
      download('playground-plots.png', b),
    );
  $<HTMLInputElement>('upload').onchange = async (e) => {
    const file = (e.target as HTMLInputElement).files?.[0];
    if (!file) return;
    uploads[file.name] = await file.text();
    writeForm({ shape: 'csv', csv: file.name });
    replan();
  };
}

// ---- start ----

/** Fill the form from the URL's fragment; names or values it cannot read are listed as a warning. */
function openLink(): void {
  const { settings, ignored } = fromFragment(location.hash);
  writeForm(settings);
  askBackend(); // before replan's prepare: the networks are built on the chosen backend
  replan();
  if (ignored.length) listWarnings([`the link's ${ignored.join(', ')} could not be read: the defaults are used`]);
}

/** The backend the worker was last asked for; it switches between runs only. */
let backendAsked: PageSettings['backend'] | undefined;
function askBackend(): void {
  const wanted = readForm().backend;
  if (wanted === backendAsked || running()) return;
  backendAsked = wanted;
  send({ type: 'init', backend: wanted });
  prepareAhead();
}

function start(): void {
  setUpHelp();
  setUpExports();
  document.querySelectorAll('#inputs input, #inputs textarea, #inputs select').forEach((el) => {
    if (el.id === 'preset' || el.id === 'upload') return;
    el.addEventListener(
      el.tagName === 'SELECT' || (el as HTMLInputElement).type === 'checkbox' ? 'change' : 'input',
      () => {
        clearTimeout(typing);
        typing = setTimeout(replan, 120);
      },
    );
  });
  $('backend').addEventListener('change', askBackend);
  button('train').onclick = () => train(false);
  button('pause').onclick = () => control(state === 'paused' || state === 'pausing' ? 'resume' : 'pause');
  button('step').onclick = () => (running() ? control('step') : train(true));
  button('stop').onclick = () => control('stop');
  $('equivCheck').onclick = () => void checkEquivalence();
  window.addEventListener('hashchange', () => {
    if (location.hash !== written) openLink();
  });
  openLink();
  redraw();
  setState('idle');
}

try {
  start();
} catch (e) {
  showError(`the playground failed to start: ${(e as Error).message}`);
  document.body.dataset.state = 'error';
}
