/** What the PyTorch target refuses, and how it says so (no torch needed). */
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/commands.ts';
import { hasTorchLowering, TORCH_ESTIMATORS } from '../../../src/targets/pytorch/estimators.ts';
import { requireTorchPython } from '../../../src/targets/pytorch/python.ts';

async function cli(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

describe('--engine pytorch refuses what the target cannot lower', () => {
  it('check names the term and its estimator', async () => {
    const r = await cli(['check', 'specs/mige-correlated-d5.yaml', '--engine', 'pytorch']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^error: specs\/mige-correlated-d5\.yaml: objective: I\(X;Y\): its estimator mige has no PyTorch lowering/,
    );
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('explain refuses a critic bound, naming it; without --engine it explains', async () => {
    const r = await cli(['explain', 'specs/cpc-mnist-halves.yaml', '--engine', 'pytorch']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('I(Z;W): its estimator infonce has no PyTorch lowering');
    expect((await cli(['explain', 'specs/cpc-mnist-halves.yaml'])).code).toBe(0);
  });

  it('accepts the DMS specs', async () => {
    for (const spec of ['specs/dms-moons.yaml', 'specs/dms-blobs3.yaml'])
      expect((await cli(['check', spec, '--engine', 'pytorch'])).code).toBe(0);
  });

  it('says in one line how to install torch when no python imports it', () => {
    expect(() => requireTorchPython(['/nonexistent/python3'])).toThrow(
      /^--engine pytorch: no python imports torch \(tried \/nonexistent\/python3\); install it with `apt-get install python3-torch`[^\n]*$/,
    );
  });

  it('every estimator has a lowering or says what it is missing', () => {
    const lowered = Object.entries(TORCH_ESTIMATORS)
      .filter(([, x]) => hasTorchLowering(x))
      .map(([name]) => name)
      .sort();
    expect(lowered).toEqual([
      'analytic-categorical',
      'bayes-ratio',
      'finite-difference-jacobian',
      'finite-difference-jacobian-logits',
      'minibatch-mean',
      'plugin-minibatch',
      'plugin-theorem2',
    ]);
  });
});
