/**
 * Checkpoints: network state (incl. BatchNorm statistics), optimizer state and history after a number of epochs,
 * written atomically as `checkpoints/epoch-NNNN/{state.json,tensors.bin}`.
 */
import * as tf from '@tensorflow/tfjs';
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/** A named tensor, as tfjs optimisers give and take their state. */
export interface NamedTensor {
  readonly name: string;
  readonly tensor: tf.Tensor;
}

export interface CheckpointState<H> {
  /** Epochs completed. */
  readonly epoch: number;
  readonly history: H[];
  readonly networks: tf.Tensor[];
  readonly optimizer: NamedTensor[];
}

interface Manifest<H> {
  epoch: number;
  history: H[];
  networks: { shape: number[] }[];
  optimizer: { name: string; shape: number[] }[];
}

const dirOf = (root: string, epoch: number) => join(root, 'checkpoints', `epoch-${String(epoch).padStart(4, '0')}`);

/** Write a checkpoint (to a temporary folder, then renamed, so a crash never leaves a half-written one). */
export function saveCheckpoint<H>(root: string, s: CheckpointState<H>): string {
  const dir = dirOf(root, s.epoch);
  const tmp = `${dir}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const all = [...s.networks, ...s.optimizer.map((n) => n.tensor)];
  const total = all.reduce((a, t) => a + t.size, 0);
  const buf = new Float32Array(total);
  let at = 0;
  for (const t of all) {
    buf.set(t.dataSync() as Float32Array, at);
    at += t.size;
  }
  const manifest: Manifest<H> = {
    epoch: s.epoch,
    history: s.history,
    networks: s.networks.map((t) => ({ shape: t.shape })),
    optimizer: s.optimizer.map((n) => ({ name: n.name, shape: n.tensor.shape })),
  };
  writeFileSync(join(tmp, 'tensors.bin'), Buffer.from(buf.buffer));
  writeFileSync(join(tmp, 'state.json'), JSON.stringify(manifest));
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
  return dir;
}

/** The newest complete checkpoint under `root`, if any. */
export function latestCheckpoint(root: string): string | undefined {
  const base = join(root, 'checkpoints');
  if (!existsSync(base)) return undefined;
  const done = readdirSync(base).filter((d) => /^epoch-\d+$/.test(d) && existsSync(join(base, d, 'state.json'))).sort();
  return done.length ? join(base, done[done.length - 1]) : undefined;
}

/** Read a checkpoint written by `saveCheckpoint`. */
export function loadCheckpoint<H>(dir: string): CheckpointState<H> {
  const m = JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')) as Manifest<H>;
  const bin = readFileSync(join(dir, 'tensors.bin'));
  const data = new Float32Array(bin.buffer, bin.byteOffset, bin.byteLength / 4);
  let at = 0;
  const take = (shape: number[]) => {
    const size = shape.reduce((a, b) => a * b, 1);
    const t = tf.tensor(data.slice(at, at + size), shape);
    at += size;
    return t;
  };
  const networks = m.networks.map((n) => take(n.shape));
  const optimizer = m.optimizer.map((n) => ({ name: n.name, tensor: take(n.shape) }));
  return { epoch: m.epoch, history: m.history, networks, optimizer };
}
