/**
 * Every example runs (INFOBJ_QUICK=1: short training) and prints what it promises: the objective, its plan, the
 * equivalences it claims, and training that moves its numbers the right way.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';

/** The numbers of the lines matching `pattern` (first capture group, parsed as a float), in order. */
const numbers = (out: string, pattern: RegExp): number[] =>
  [...out.matchAll(new RegExp(pattern, 'g'))].map((m) => Number.parseFloat(m[1]));

/** What each example must print. */
const CHECKS: Record<string, (out: string) => void> = {
  'autoencoder.ts': (out) => {
    expect(out).toContain('objective: max E_x[log[p(x|z)]]');
    const runs = [...out.matchAll(/reconstruction loss ([\d.]+) → ([\d.]+)/g)];
    expect(runs.length).toBe(2); // the autoencoder and the denoising autoencoder
    for (const m of runs) expect(Number(m[2])).toBeLessThan(Number(m[1]));
  },
  'co-training.ts': (out) => {
    expect(out).toContain('objective: max H[Psi](Z) − CE(p(z|y), p(z|x))');
    expect(out).toContain('≡ max I(Y;Z) − KL(p(z|y) ‖ p(z|x)): true');
  },
  'em-gmm.ts': (out) => {
    const ll = numbers(out, /log-likelihood (-?[\d.]+)/);
    expect(ll.length).toBeGreaterThan(2);
    expect(ll[ll.length - 1]).toBeGreaterThan(ll[0]);
  },
  'gan-law.ts': (out) => {
    // at the optimal discriminator V(D*, G) = −log 4 + 2·JSD (lecture notes §2.2); at μ = 0 both are −log 4
    const [v, law] = [numbers(out, /V\(D\*, G\) = (-?[\d.]+)/), numbers(out, /2·JSD = (-?[\d.]+)/)];
    expect(v.length).toBe(law.length);
    expect(v[0]).toBeCloseTo(-Math.log(4), 3);
    v.forEach((value, i) => expect(Math.abs(value - law[i])).toBeLessThan(0.01));
  },
  'infogan.ts': (out) => {
    expect(out).toContain('jsd-discriminator');
    expect(out).toMatch(/I\(C;G\) ≥ -?[\d.]+ of log 8 = 2\.079/);
  },
  'information-bottleneck.ts': (out) => {
    const [loose, tight] = numbers(out, /accuracy of z ~ q\(z\|x\) ([\d.]+) %/);
    expect(loose).toBeGreaterThan(tight); // β = 0.001 keeps more of X than β = 1
    const [rateLoose, rateTight] = numbers(out, /rate ([\d.]+) nats/);
    expect(rateLoose).toBeGreaterThan(rateTight);
  },
  'mim.ts': (out) => {
    expect(out).toContain('I(X;Z)  plugin-theorem2');
    expect(out).toContain('max H(Z) − H(Z|X) proved');
  },
  'train-from-code.ts': (out) => {
    const dir = out.match(/^run: (.*)$/m)![1];
    expect(existsSync(join(dir, 'report.json'))).toBe(true);
    const losses = out
      .match(/loss per epoch: (.*)/)![1]
      .split(' → ')
      .map(Number);
    expect(losses.length).toBe(3);
    expect(losses[2]).toBeLessThan(losses[0]);
  },
  'vae.ts': (out) => {
    expect(out).toContain('KL(p(z|x) ‖ N(z))  analytic-gaussian');
    expect(out).toMatch(/ELBO ≡ joint form on MNIST batches: true/);
    const losses = out
      .match(/per epoch \(nats per digit\): (.*)/)![1]
      .split(' → ')
      .map(Number);
    expect(losses[losses.length - 1]).toBeLessThan(losses[0]);
  },
  'vrnn.ts': (out) => {
    const [before] = numbers(out, /before training: (-?[\d.]+)/);
    const [after] = numbers(out, /after \d+ steps: (-?[\d.]+)/);
    expect(after).toBeGreaterThan(before);
  },
};

const examples = readdirSync('examples').filter((f) => f.endsWith('.ts') && !f.startsWith('_'));

it('every example has its checks', () => expect(Object.keys(CHECKS).sort()).toEqual([...examples].sort()));

it.each(examples)('examples/%s prints what it promises', (file) => {
  const out = execFileSync(process.execPath, ['--import', 'tsx', `examples/${file}`], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, INFOBJ_QUICK: '1' },
  });
  CHECKS[file](out);
});
