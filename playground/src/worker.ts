/**
 * The training worker. It starts its tfjs backend as soon as the page opens (so Train does not wait for it), then
 * trains the page's spec as `infobj train` does (./session.ts) with the library's loop, and after every epoch sends the
 * loss, each term's value, the partition of the data with its ARI and the decision surface p(z|x). Between epochs it
 * pauses, steps one epoch, or stops when asked, and takes a new learning rate; new hyper-parameter values apply from
 * the next step. The worker lives as long as the page: Stop ends the run, not the worker.
 */
import * as tf from '@tensorflow/tfjs';
import { match } from 'ts-pattern';
import '@tensorflow/tfjs-backend-webgpu';
import { getThreadsCount, setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { adjustedRandIndex } from '../../src/metrics/index.ts';
import { argmaxRows } from '../../src/evaluate/index.ts';
import { runLoop, TrainingInterrupted } from '../../src/train/loop.ts';
import { encodeSession, type Session, startSession } from './session.ts';
import type { BackendChoice, Control, FromWorker, Surface, ToWorker } from './protocol.ts';

const post = (m: FromWorker, transfer: Transferable[] = []) => (self as unknown as Worker).postMessage(m, transfer);

/** Files the page uploaded, by name: what the build's stand-in for node:fs reads (a CSV's `data.path`). */
const files: Record<string, string> = {};
(globalThis as { playgroundFiles?: Record<string, string> }).playgroundFiles = files;

/**
 * The loop yields to the event loop after every step with Node's setImmediate, so that a stop request is seen; a worker
 * has none: a message to itself is the browser's equivalent (setTimeout(0) would wait ≥ 4 ms once nested).
 */
const channel = new MessageChannel();
const queued: (() => void)[] = [];
channel.port1.onmessage = () => queued.shift()?.();
(globalThis as { setImmediate?: (f: () => void) => void }).setImmediate ??= (f) => {
  queued.push(f);
  channel.port2.postMessage(0);
};

const ORDER: Record<BackendChoice, string[]> = {
  auto: ['webgpu', 'wasm', 'cpu'],
  webgpu: ['webgpu', 'wasm', 'cpu'],
  wasm: ['wasm', 'cpu'],
  webgl: ['webgl', 'wasm', 'cpu'],
  cpu: ['cpu'],
};

interface GpuAdapter {
  readonly isFallbackAdapter?: boolean;
  readonly info?: { readonly isFallbackAdapter?: boolean };
}

/**
 * Whether the browser offers a WebGPU adapter (asked first: tfjs would log its own failure as an error). Unless WebGPU
 * is chosen by name, a software adapter does not count: on Chromium's SwiftShader an epoch of 2-D moons took 50 s,
 * against 2 s on wasm.
 */
async function webgpuOffered(software: boolean): Promise<boolean> {
  const gpu = (navigator as { gpu?: { requestAdapter(): Promise<GpuAdapter | null> } }).gpu;
  const adapter = await gpu?.requestAdapter();
  return Boolean(adapter) && (software || !(adapter?.isFallbackAdapter || adapter?.info?.isFallbackAdapter));
}

/**
 * The logical cores the browser reports. tfjs's wasm module sizes XNNPACK's thread pool as min(the setThreadsCount
 * value, 8, ⌊hardwareConcurrency / 2⌋) (tfjs-backend-wasm 4.22, src/cc/backend.cc `init_with_threads_count`: it takes
 * every core for two hyper-threads), reading the count once, when the module starts in this worker: on a machine of 2
 * logical cores that is 1 thread whatever is asked. So this worker shows the module twice the cores, and the pool runs
 * one thread per logical core the browser reports (1 where it reports 1, e.g. Chromium pinned to one CPU).
 */
const CORES = navigator.hardwareConcurrency || 1;
Object.defineProperty(navigator, 'hardwareConcurrency', { value: 2 * CORES, configurable: true });

/** The first backend of the choice's order that initialises; wasm runs threads when the page is cross-origin isolated. */
async function chooseBackend(choice: BackendChoice): Promise<void> {
  setWasmPaths(new URL('./', self.location.href).href);
  setThreadsCount(CORES);
  const failed: string[] = [];
  for (const name of ORDER[choice]) {
    const offered = name !== 'webgpu' || (await webgpuOffered(choice === 'webgpu'));
    try {
      if (offered && (await tf.setBackend(name))) {
        await tf.ready();
        const threads = name === 'wasm' ? getThreadsCount() : 1;
        const isolated = (self as unknown as { crossOriginIsolated?: boolean }).crossOriginIsolated;
        const notes = [
          ...(failed.length ? [`${failed.join(', ')} not offered`] : []),
          ...(name === 'wasm' && !isolated ? ['not cross-origin isolated: no threads'] : []),
          ...(name === 'wasm' && isolated && CORES === 1 ? ['the browser reports 1 core'] : []),
        ];
        const simd = name === 'wasm' && (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) === true;
        post({ type: 'backend', name, threads, simd, note: notes.join('; ') });
        return;
      }
    } catch {
      /* try the next one */
    }
    failed.push(name);
  }
  throw new Error('no tfjs backend could be initialised');
}

/** The run's controls, set by the page's messages while the loop runs. */
const live = {
  paused: false,
  stepping: false,
  stop: undefined as string | undefined,
  lr: 0,
  hypers: undefined as Record<string, number> | undefined,
  resume: undefined as (() => void) | undefined,
};
class Stopped extends Error {}

let ready: Promise<void> = Promise.resolve();
let training: Promise<void> | undefined;

/** A page has no os.totalmem(): the browser's figure, else 2 GiB. */
const memoryBytes = () => ((navigator as Navigator & { deviceMemory?: number }).deviceMemory ?? 2) * 2 ** 30;
const keyOf = (spec: unknown, given: Record<string, string>) => JSON.stringify([spec, given]);

/**
 * The session of the spec the page shows, compiled and with its networks built while the page waits for Train, so that
 * Train starts training at once; and the latest spec the page asked for that is not prepared yet (only the latest is).
 */
let prepared: { key: string; session: Session } | undefined;
let toPrepare: Extract<ToWorker, { type: 'prepare' }> | undefined;

/** The prepared session if it is the one `key` names (it is handed over), else undefined; any other is disposed. */
function takePrepared(key?: string): Session | undefined {
  const p = prepared;
  prepared = undefined;
  if (p && p.key === key) return p.session;
  p?.session.run.dispose();
  return undefined;
}

function prepareLatest(): void {
  const m = toPrepare;
  toPrepare = undefined;
  if (!m) return;
  const key = keyOf(m.spec, m.files);
  if (prepared?.key === key) return;
  takePrepared();
  Object.assign(files, m.files);
  try {
    prepared = { key, session: startSession(m.spec, memoryBytes()) };
  } catch {
    /* a spec that does not compile: Train reports why */
  }
}

async function train(m: Extract<ToWorker, { type: 'train' }>): Promise<void> {
  const started = performance.now();
  Object.assign(files, m.files);
  const session = takePrepared(keyOf(m.spec, m.files)) ?? startSession(m.spec, memoryBytes());
  const { spec, compiled, training: t, run, data, grid } = session;
  Object.assign(live, { paused: m.paused, stepping: false, stop: undefined, lr: t.lr });
  // the trainable reads the planned objective's hyper-parameters at every step: a value changed here applies next step
  live.hypers = compiled.hypers as Record<string, number>;
  const net = run.nets[session.evaluated.name];
  post({
    type: 'data',
    plane: data.plane,
    labels: data.labels,
    grid: { origin: grid.origin, cell: grid.cell, steps: grid.steps },
    describe: `${data.name}: n = ${data.n}, ${data.dim}-D · ${net.describe}`,
  });
  let epochStart = performance.now();
  let lastEpoch = 0;
  let pending: { partition?: Int32Array; ari: number; surface?: Surface } = { ari: Number.NaN };
  try {
    await runLoop(
      run.trainable,
      { ...t, seed: spec.seed, stop: { requested: () => live.stop, armed: () => {} } },
      {
        onEpoch: (): Record<string, number> => {
          const encoded = encodeSession(session);
          if (!encoded) return {};
          const partition = argmaxRows(encoded.data.values, encoded.data.width);
          const ari = data.labels ? adjustedRandIndex(data.labels, partition) : Number.NaN;
          pending = { partition, ari, surface: encoded.surface };
          return { ari };
        },
        afterEpoch: async (record) => {
          const now = performance.now();
          const { partition, ari, surface } = pending;
          pending = { ari: Number.NaN };
          post(
            {
              type: 'epoch',
              epoch: record.epoch,
              epochs: t.epochs,
              loss: record.loss,
              ari,
              terms: record.terms ?? {},
              lr: live.lr,
              partition,
              surface,
              seconds: (now - started) / 1000,
              epochSeconds: (now - epochStart) / 1000,
            },
            [partition?.buffer, surface?.probs.buffer].filter((b): b is ArrayBuffer => b !== undefined),
          );
          if (record.epoch < t.epochs && (live.paused || live.stepping)) {
            [live.paused, live.stepping] = [true, false];
            post({ type: 'paused', epoch: record.epoch });
            await new Promise<void>((resolve) => {
              live.resume = resolve;
            });
            live.resume = undefined;
            post({ type: 'resumed' });
          }
          if (live.stop) throw new Stopped(live.stop);
          lastEpoch = record.epoch;
          epochStart = performance.now();
          return { lr: live.lr };
        },
      },
    );
    post({ type: 'done' });
  } catch (e) {
    if (e instanceof Stopped || e instanceof TrainingInterrupted) post({ type: 'stopped', epoch: lastEpoch });
    else throw e;
  } finally {
    run.dispose();
  }
}

/** Each control's effect: pause and step take effect after the current epoch, stop after the current step. */
const CONTROLS: Record<Control, () => void> = {
  pause: () => {
    live.paused = true;
  },
  step: () => {
    [live.stepping, live.paused] = [true, true];
    live.resume?.();
  },
  resume: () => {
    live.paused = false;
    live.resume?.();
  },
  stop: () => {
    live.stop = 'stopped in the page';
    live.resume?.();
  },
};

const fail = (err: unknown) => post({ type: 'error', message: err instanceof Error ? err.message : String(err) });

self.onmessage = (e: MessageEvent<ToWorker>) =>
  match(e.data)
    .with({ type: 'init' }, (m) => {
      // networks live on the backend they were built on: a session prepared before the switch (or during it, while
      // chooseBackend awaits) is dropped once it is done, and the page's next prepare builds it again
      ready = ready
        .then(() => chooseBackend(m.backend))
        .then(() => void takePrepared())
        .catch(fail);
    })
    .with({ type: 'prepare' }, (m) => {
      const queued = toPrepare !== undefined;
      toPrepare = m;
      if (queued) return;
      const previous = training;
      training = ready
        .then(() => previous)
        .then(prepareLatest)
        .catch(fail);
    })
    .with({ type: 'train' }, (m) => {
      const previous = training;
      training = ready
        .then(() => previous)
        .then(() => train(m))
        .catch(fail);
    })
    .with({ type: 'control' }, (m) => CONTROLS[m.action]())
    .with({ type: 'live' }, (m) => {
      live.lr = m.lr;
      if (live.hypers) Object.assign(live.hypers, m.hypers);
    })
    .exhaustive();
