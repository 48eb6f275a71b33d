/**
 * Exact resume and damaged checkpoints (issue 14, points 4 and 5): a run cut at any point (mid-epoch, at an epoch
 * boundary, after several epochs, with gradient accumulation) and resumed has the uninterrupted run's history value for
 * value; a damaged checkpoint is named and the previous intact one used.
 */
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  runLoop,
  TrainingInterrupted,
  type EpochRecord,
  type LoopConfig,
  type StopControl,
} from '../../src/train/loop.ts';
import { folderCheckpoints, listCheckpoints } from '../../src/run/checkpoints.ts';
import type { CheckpointError } from '../../src/train/checkpoints.ts';
import { linear } from './linear.ts';

const scratch = () => mkdtempSync(join(tmpdir(), 'infobj-resume-'));
const withoutTime = (h: EpochRecord[]) => h.map(({ seconds: _seconds, ...rest }) => rest);
const CONFIG: LoopConfig = { epochs: 5, batch: 16, lr: 0.05, optimizer: 'adam', seed: 5, checkpointEvery: 1 };

/** Stop after the `steps`-th step in total, as a SIGINT would. */
const stopAfterSteps = (steps: number): StopControl => {
  let seen = 0;
  return { requested: () => (++seen >= steps ? 'SIGINT' : undefined), armed: () => {} };
};

async function uninterrupted(config: LoopConfig) {
  const model = linear(4);
  const history = await runLoop(model, { ...config, checkpoints: folderCheckpoints(scratch()) });
  return { history: withoutTime(history), weights: model.weights() };
}

describe('exact resume', () => {
  for (const microBatch of [undefined, 4]) {
    for (const steps of [2, 4, 9, 13]) {
      const micro = microBatch ? `, micro-batches of ${microBatch}` : '';
      it(`cut after step ${steps} (4 steps per epoch)${micro}: identical history and weights`, async () => {
        const config = { ...CONFIG, microBatch };
        const straight = await uninterrupted(config);
        const dir = scratch();
        const cut = runLoop(linear(4), { ...config, checkpoints: folderCheckpoints(dir), stop: stopAfterSteps(steps) });
        await expect(cut).rejects.toBeInstanceOf(TrainingInterrupted);
        const again = linear(99); // a new process starts from other weights: the checkpoint must restore them
        const history = await runLoop(again, { ...config, checkpoints: folderCheckpoints(dir), resume: true });
        expect(withoutTime(history)).toEqual(straight.history);
        expect(again.weights()).toEqual(straight.weights);
      });
    }
  }

  it('after several epochs (stopAfter), and SGD too', async () => {
    for (const optimizer of ['adam', 'sgd'] as const) {
      const config = { ...CONFIG, optimizer };
      const straight = await uninterrupted(config);
      const dir = scratch();
      await runLoop(linear(4), { ...config, checkpoints: folderCheckpoints(dir), stopAfter: 3 });
      const again = linear(7);
      expect(
        withoutTime(await runLoop(again, { ...config, checkpoints: folderCheckpoints(dir), resume: true })),
      ).toEqual(straight.history);
      expect(again.weights()).toEqual(straight.weights);
    }
  });

  it('a run with no step is an error, not an empty history', async () => {
    await expect(runLoop(linear(1), { ...CONFIG, batch: 100 })).rejects.toThrow(
      /train\.batch: 100 exceeds the 64 training samples/,
    );
  });
});

describe('damaged checkpoints', () => {
  const damages: [string, (file: (name: string) => string) => void, RegExp][] = [
    [
      'zeros in tensors.bin',
      (f) => writeFileSync(f('tensors.bin'), Buffer.alloc(32)),
      /tensors\.bin does not match its digest/,
    ],
    ['a truncated tensors.bin', (f) => truncateSync(f('tensors.bin'), 8), /tensors\.bin does not match its digest/],
    ['a deleted tensors.bin', (f) => rmSync(f('tensors.bin')), /tensors\.bin is missing/],
    [
      'tensors.bin replaced by a folder (EISDIR)',
      (f) => {
        rmSync(f('tensors.bin'));
        mkdirSync(f('tensors.bin'));
      },
      /tensors\.bin is a folder, not a file/,
    ],
    [
      'manifest.json replaced by a folder',
      (f) => {
        rmSync(f('manifest.json'));
        mkdirSync(f('manifest.json'));
      },
      /manifest\.json is a folder, not a file/,
    ],
    [
      'a state.json that matches its digest but holds no shapes',
      (f) => {
        const state = Buffer.from('{"epoch": 3, "step": 0}');
        writeFileSync(f('state.json'), state);
        const manifest = JSON.parse(readFileSync(f('manifest.json'), 'utf8'));
        manifest.files['state.json'] = createHash('sha256').update(state).digest('hex');
        writeFileSync(f('manifest.json'), JSON.stringify(manifest));
      },
      /it cannot be read/,
    ],
    [
      'a broken state.json',
      (f) => writeFileSync(f('state.json'), '{"epoch": 4,'),
      /state\.json does not match its digest/,
    ],
    [
      'a broken manifest',
      (f) => writeFileSync(f('manifest.json'), 'garbage'),
      /manifest\.json is not a checkpoint manifest/,
    ],
  ];
  for (const [what, damage, reason] of damages) {
    it(`${what}: named, and the previous intact checkpoint resumed exactly`, async () => {
      const straight = await uninterrupted(CONFIG);
      const dir = scratch();
      await runLoop(linear(4), { ...CONFIG, checkpoints: folderCheckpoints(dir), stopAfter: 3 });
      const [newest] = listCheckpoints(dir);
      damage((name) => join(newest, name));
      const damaged: CheckpointError[] = [];
      const resumed: string[] = [];
      const again = linear(7);
      const history = await runLoop(
        again,
        { ...CONFIG, checkpoints: folderCheckpoints(dir), resume: true },
        {
          onDamagedCheckpoint: (e) => damaged.push(e),
          onCheckpoint: (kind, at) => kind === 'resumed' && resumed.push(at),
        },
      );
      expect(damaged.map((e) => e.message)).toEqual([expect.stringMatching(reason)]);
      expect(damaged[0].dir).toBe(newest);
      expect(resumed[0]).toMatch(/epoch-0002$/);
      expect(withoutTime(history)).toEqual(straight.history);
    });
  }

  it('every checkpoint damaged: a clear refusal naming each', async () => {
    const dir = scratch();
    await runLoop(linear(4), { ...CONFIG, checkpoints: folderCheckpoints(dir), stopAfter: 2 });
    for (const at of listCheckpoints(dir)) rmSync(join(at, 'tensors.bin'));
    await expect(runLoop(linear(4), { ...CONFIG, checkpoints: folderCheckpoints(dir), resume: true })).rejects.toThrow(
      /every checkpoint in .* is damaged \(epoch-0002: tensors\.bin is missing; epoch-0001: tensors\.bin is missing\)/,
    );
  });

  it('keeps the newest `keep` checkpoints and no temporary folder', async () => {
    const dir = scratch();
    await runLoop(linear(4), { ...CONFIG, checkpoints: folderCheckpoints(dir), keep: 3 });
    expect(readdirSync(join(dir, 'checkpoints')).sort()).toEqual(['epoch-0003', 'epoch-0004', 'epoch-0005']);
    expect(existsSync(join(dir, 'checkpoints', 'epoch-0005.tmp'))).toBe(false);
  });
});
