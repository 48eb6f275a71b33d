import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { lossCurveSvg, scatterSvg } from '../../src/report/index.ts';
import { makeProgress } from '../../src/run/progress.ts';

describe('plots', () => {
  it('renders the loss curve and the partition as SVG without a browser', async () => {
    const loss = await lossCurveSvg(
      [1, 2, 3].map((epoch) => ({ epoch, loss: 1 / epoch })),
      { title: 'training loss' },
    );
    expect(loss).toMatch(/^<svg/);
    expect(loss).toContain('training loss');
    const scatter = await scatterSvg(Float32Array.from([0, 0, 1, 1, 2, 0]), Int32Array.from([0, 1, 1]), 'partition');
    expect(
      scatter.match(/<path[^>]*transform="translate/g)?.length ?? scatter.match(/class="mark-symbol/g)?.length,
    ).toBeGreaterThan(0);
  });
});

describe('progress', () => {
  it('writes about 20 plain lines with loss and ETA when not on a terminal', () => {
    const lines: string[] = [];
    const stream = new Writable({
      write: (c, _e, cb) => {
        lines.push(String(c));
        cb();
      },
    }) as unknown as NodeJS.WriteStream;
    const p = makeProgress({ total: 200, label: 'run', stream });
    for (let i = 0; i < 200; i++) p.tick({ loss: 1 / (i + 1) });
    p.done();
    expect(lines.length).toBe(20);
    expect(lines[19]).toMatch(/^run: step 200\/200 loss 0\.00500 elapsed \d+s ETA 0s/);
  });
});
