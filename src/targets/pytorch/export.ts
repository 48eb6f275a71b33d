/**
 * The arrays a generated PyTorch program trains on, exported from the tfjs side so the two runs start alike: the
 * training variables, the labels (for its metrics), every epoch's batch order (the loop's seeded permutation), and each
 * network's initial weights in tfjs' getWeights order (flat float32, the layout of a checkpoint's tensors).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeRng } from '../../data/rng.ts';
import type { Network } from '../../models/index.ts';
import { runNetworks } from '../../run/networks.ts';
import type { CompiledSpec } from '../../spec/compiled.ts';

type NpyArray = Float32Array | Int32Array;

/** A .npy file (format 1.0, little-endian, C order) of `data` with `shape`. */
export function npyBytes(data: NpyArray, shape: readonly number[]): Buffer {
  const descr = data instanceof Float32Array ? '<f4' : '<i4';
  const dims = shape.length === 1 ? `${shape[0]},` : shape.join(', ');
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${dims}), }`;
  const unpadded = 10 + header.length + 1;
  header += `${' '.repeat((64 - (unpadded % 64)) % 64)}\n`;
  const preamble = Buffer.alloc(10);
  preamble.write('\x93NUMPY', 0, 'latin1');
  preamble.writeUInt8(1, 6);
  preamble.writeUInt8(0, 7);
  preamble.writeUInt16LE(header.length, 8);
  return Buffer.concat([
    preamble,
    Buffer.from(header, 'latin1'),
    Buffer.from(data.buffer, data.byteOffset, data.byteLength),
  ]);
}

/** Every epoch's permutation of the training rows, as src/train/loop.ts draws them: [epochs, n]. */
export function batchOrder(seed: number, epochs: number, n: number): Int32Array {
  const out = new Int32Array(epochs * n);
  for (let epoch = 0; epoch < epochs; epoch++) out.set(makeRng(`${seed}:epoch:${epoch}`).permutation(n), epoch * n);
  return out;
}

/** A network's weights in getWeights order, flattened into one float32 array. */
export function flatWeights(net: Network): Float32Array {
  const parts = net.getWeights().map((w) => w.dataSync() as Float32Array);
  const out = new Float32Array(parts.reduce((a, p) => a + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * Write `dir`/{<variable>.npy, labels.npy, order.npy, init/<network>.npy}. The initial weights are those of the tfjs
 * networks the run would build (`nets`, default: built here; a tfjs backend must be ready).
 */
export function exportRunData(c: CompiledSpec, dir: string, nets: Record<string, Network> = runNetworks(c)): void {
  if (c.training.algorithm !== 'gradient') throw new Error('internal: an EM spec has no PyTorch data');
  mkdirSync(join(dir, 'init'), { recursive: true });
  const first = Object.values(c.variables)[0];
  for (const [name, ds] of Object.entries(c.variables))
    writeFileSync(join(dir, `${name}.npy`), npyBytes(ds.x, [ds.n, ds.dim]));
  if (first.labels) writeFileSync(join(dir, 'labels.npy'), npyBytes(first.labels, [first.n]));
  const order = batchOrder(c.seed, c.training.epochs, first.n);
  writeFileSync(join(dir, 'order.npy'), npyBytes(order, [c.training.epochs, first.n]));
  for (const [name, net] of Object.entries(nets)) {
    const w = flatWeights(net);
    writeFileSync(join(dir, 'init', `${name}.npy`), npyBytes(w, [w.length]));
  }
}
