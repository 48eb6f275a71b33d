/** The playground's page settings become a spec the library's own compiler accepts, for every data set it offers. */
import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../playground/src/help.ts';
import { DEFAULTS, type PageSettings, parseHypers, specOf } from '../../playground/src/protocol.ts';
import { compileSpec, decodeSpec } from '../../src/spec/index.ts';

const settings: PageSettings = {
  ...DEFAULTS,
  objective: 'min E_x[L(x)]',
  hypers: '',
  family: 'categorical',
  size: 3,
  hidden: '8',
  batchNorm: false,
  n: 300,
  embed: 8,
  epochs: 1,
  batch: 100,
  lr: 0.01,
};

describe('playground specs', () => {
  it('every shape, spirals with as many arms as the clusters setting, is the library’s own data set', () => {
    for (const shape of ['moons', 'circles', 'blobs', 'spirals'] as const) {
      const compiled = compileSpec(decodeSpec(specOf({ ...settings, shape }, {}, 8), 'playground'));
      expect(compiled.data.train.n).toBe(300);
      expect(compiled.data.train.dim).toBe(8);
      const classes = new Set(compiled.data.train.labels).size;
      expect(classes).toBe(shape === 'blobs' || shape === 'spirals' ? 3 : 2);
    }
  });
});

describe('the seeds’ presets', () => {
  it.each(PRESETS.map((p) => [p.name, p] as const))(
    '%s compiles over the page’s model and plans every term',
    (_, p) => {
      const s: PageSettings = { ...settings, ...p.settings, n: 200, embed: 2, batch: 50 };
      const hypers = parseHypers(s.hypers);
      const compiled = compileSpec(decodeSpec(specOf(s, hypers, 2), p.name));
      expect(compiled.plan.terms.length).toBeGreaterThan(0);
      expect(compiled.training.algorithm).toBe('gradient');
    },
  );
});
