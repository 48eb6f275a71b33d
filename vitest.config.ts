import { defineConfig } from 'vitest/config';

/** Tests that train networks or run the command line end to end; everything else is a unit test (under a minute). */
const TRAINING = [
  'test/train/**/*.test.ts',
  'test/cli/**/*.test.ts',
  'test/examples.test.ts',
  'test/models/vrnn.test.ts',
  'test/neuralBayes/multiscaleSpec.test.ts',
  'test/spec/malformed.test.ts',
  'test/estimators/bounds.test.ts',
  'test/estimators/pairedBounds.test.ts',
  'test/estimators/dataPaired.test.ts',
  'test/estimators/mige.test.ts',
  'test/estimators/migePairs.test.ts',
  'test/estimate/critics.test.ts',
  'test/estimate/cli.test.ts',
  'test/estimate/pins.test.ts',
  'test/targets/pytorch/equivalence.test.ts',
  'test/targets/pytorch/shippedSpecs.test.ts',
  'test/run/edges.test.ts',
  'test/estimate/ksgRows.test.ts',
];

/**
 * The playground in headless Chromium (`npm run test:browser`; .ci/run installs chromium): `npm test` runs it after the
 * other projects, alone, since it trains in the page and records the page's speed.
 */
const BROWSER = ['test/browser/**/*.test.ts'];

/** Programs the tests start (examples, generated code) import 'info-objectives' from src/, not from a built dist/. */
const SOURCE_CONDITION = '--conditions=info-objectives-source';

export default defineConfig({
  test: {
    env: { NODE_OPTIONS: [process.env.NODE_OPTIONS, SOURCE_CONDITION].filter(Boolean).join(' ') },
    setupFiles: ['test/setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: [...TRAINING, ...BROWSER] } },
      { extends: true, test: { name: 'training', include: TRAINING } },
      { extends: true, test: { name: 'browser', include: BROWSER, setupFiles: [] } },
    ],
  },
});
