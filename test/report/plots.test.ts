import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { lossCurveSvg, partitionSvg, scatterSvg } from '../../src/report/index.ts';
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

describe('partition panels (Neural Bayes Figure 1)', () => {
  it('draws each panel: the grid of predicted states behind the (thinned) data points', async () => {
    const points = Float32Array.from({ length: 40 }, (_, i) => i / 10);
    const states = Int32Array.from({ length: 20 }, (_, i) => i % 2);
    const field = {
      points: Float32Array.from([0, 0, 1, 0, 0, 1, 1, 1]),
      states: Int32Array.from([0, 1, 1, 0]),
      cell: [1, 1] as const,
    };
    const svg = await partitionSvg(
      [
        { title: 'with field', points, states, field },
        { title: 'without', points, states },
      ],
      { title: 'figure', maxPoints: 10 },
    );
    expect(svg).toMatch(/^<svg/);
    expect(svg).toContain('with field');
    expect(svg).toContain('without');
    // the paths of a mark group: the group's opening tag up to its first closing tag (marks hold paths only)
    const paths = (group: string) => {
      const at = svg.indexOf(group);
      return at < 0 ? -1 : (svg.slice(at, svg.indexOf('</g>', at)).match(/<path/g) ?? []).length;
    };
    expect(paths('concat_0_layer_0_marks')).toBe(4); // the first panel's field, one square per cell
    expect(paths('concat_0_layer_1_marks')).toBe(10); // 20 points thinned to 10
    expect(paths('concat_1_layer_0_marks')).toBe(10); // the second panel has no field: its only layer is the points
    expect(svg).not.toContain('concat_1_layer_1_marks');
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
