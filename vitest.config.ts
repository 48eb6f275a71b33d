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
  'test/estimators/mige.test.ts',
];

export default defineConfig({
  test: {
    setupFiles: ['test/setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: TRAINING } },
      { extends: true, test: { name: 'training', include: TRAINING } },
    ],
  },
});
