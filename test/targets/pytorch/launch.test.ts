/**
 * The generated program under a launcher (torchrun's environment: RANK, LOCAL_RANK, WORLD_SIZE, MASTER_ADDR/PORT — set
 * here by hand, Debian's torchrun fails under Python 3.11) and `--device cuda` without a GPU. Skipped, saying why, when
 * no python imports torch.
 */
import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generatePytorch } from '../../../src/cli/generatePytorch.ts';
import { listCheckpoints, loadCheckpoint } from '../../../src/run/checkpoints.ts';
import { loadSpec } from '../../../src/spec/index.ts';
import type { Spec } from '../../../src/spec/schema.ts';
import { scratch } from '../../cli/run.ts';
import { title, torch } from './harness.ts';

const freePort = (): Promise<number> =>
  new Promise((done) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });

/** One process of the program with the environment a launcher gives it; resolves to its exit code and stderr. */
function launched(args: string[], env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(torch!.python, args, { env: { ...process.env, OMP_NUM_THREADS: '1', ...env } });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((done) => child.on('close', (code) => done({ code, stderr })));
}

async function program(dir: string): Promise<string> {
  const s = loadSpec('specs/dms-blobs3.yaml');
  const spec = { ...s, data: { ...s.data, n: 120 }, train: { ...s.train, batch: 40, epochs: 1 } } as Spec;
  const file = join(dir, 'train.py');
  writeFileSync(file, await generatePytorch(spec, join(dir, 'data')));
  return file;
}

describe.skipIf(!torch)(title('the generated program under a launcher'), () => {
  it('2 processes started with RANK/WORLD_SIZE/MASTER_ADDR (torchrun) reproduce 1 process (float64)', async () => {
    const dir = scratch();
    const file = await program(dir);
    const args = (out: string) => [file, '--out', join(dir, out), '--dtype', 'float64'];
    const one = spawnSync(torch!.python, args('one'), {
      encoding: 'utf8',
      env: { ...process.env, OMP_NUM_THREADS: '1' },
    });
    expect(one.status, one.stderr).toBe(0);
    const port = String(await freePort());
    const ranks = await Promise.all(
      [0, 1].map((rank) =>
        launched(args('two'), {
          RANK: String(rank),
          LOCAL_RANK: String(rank),
          WORLD_SIZE: '2',
          MASTER_ADDR: '127.0.0.1',
          MASTER_PORT: port,
        }),
      ),
    );
    for (const r of ranks) expect(r.code, r.stderr).toBe(0);
    const [a, b] = ['one', 'two'].map((out) => loadCheckpoint(listCheckpoints(join(dir, out))[0]));
    // every tensor, the BatchNorm moving statistics included (they come from the all-reduced batch statistics)
    a.networks.forEach((w, i) => {
      const [x, y] = [w.dataSync(), b.networks[i].dataSync()];
      let [d, n] = [0, 0];
      x.forEach((v, j) => {
        d += (v - y[j]) ** 2;
        n += v ** 2;
      });
      expect(Math.sqrt(d / n), `tensor ${i}: ‖Δ‖/‖w‖`).toBeLessThan(1e-6);
    });
  });

  it('--device cuda on a torch that sees no GPU stops in one line', async () => {
    const cuda = spawnSync(torch!.python, ['-c', 'import torch; print(torch.cuda.is_available())'], {
      encoding: 'utf8',
    });
    if (cuda.stdout.trim() === 'True') return; // a GPU machine runs it for real
    const dir = scratch();
    const r = spawnSync(torch!.python, [await program(dir), '--out', join(dir, 'run'), '--device', 'cuda'], {
      encoding: 'utf8',
    });
    expect(r.status).not.toBe(0);
    expect(r.stderr.trim()).toBe('error: --device cuda: this torch sees no GPU');
  });
});
