/**
 * What an estimator module's PyTorch lowering is (its optional `pytorch` field, src/estimators/types.ts) and the
 * Python-emitting helpers the modules share. A lowering turns one planned node into the body of a Python function of
 * `b`, the batch context of runtime.ts; a module without one may say what it is missing, and `--engine pytorch`
 * refuses a spec that plans it. Browser-safe: the estimator modules (bundled by src/core.ts) import it.
 */
import { networkKey, type Dist, type Encoder, type Expr } from '../../expr/index.ts';
import type { TermPlan } from '../../plan/types.ts';
import type { HelperName } from './runtime.ts';

/** A term as Python: the statements of its function body (the last one returns it) and the helpers they call. */
export interface PythonTerm {
  readonly body: readonly string[];
  readonly helpers: readonly HelperName[];
  /** A short name for the function (`marginal_L`, `smoothness_L`, `jsd`). */
  readonly name: string;
  /** True when the term is a value per sample (this process's rows, e.g. log p(x|z)), which E_x[·] averages. */
  readonly perSample?: boolean;
}

export interface PytorchLowering {
  /** The equation the lowering implements, for the function's docstring. */
  readonly equation: string;
  lower(node: Expr, term: TermPlan<string>): PythonTerm;
}

/** Why an estimator has no PyTorch lowering yet (what it would need). */
export interface PytorchMissing {
  readonly missing: string;
}

/** An estimator module's `pytorch` field: its lowering, or what it would need. */
export type PytorchSupport = PytorchLowering | PytorchMissing;

export const hasPytorchLowering = (x: PytorchSupport): x is PytorchLowering => 'lower' in x;

/** A node an estimator's PyTorch lowering does not handle (the tfjs lowering may). */
export class TorchUnsupported extends Error {}

export const torchUnsupported = (estimator: string, node: Expr): never => {
  throw new TorchUnsupported(`the PyTorch lowering of ${estimator} does not handle a ${node.kind} node`);
};

/** A Python string literal. */
export const q = (s: string): string => JSON.stringify(s);

/** The encoder as the batch context's ENCODERS key it, a Python string: its network, `network/head` for a head. */
export const encoderRef = (enc: Encoder): string => q(networkKey(enc));

/** The encoder in a Python function's name: its network, `network_head` for a head on the network's trunk. */
export const encoderName = (enc: Encoder): string => networkKey(enc).replace('/', '_');

/** The encoder of an `E_x[L(x)]` node. */
export const marginalEncoder = (estimator: string, node: Expr): Encoder =>
  node.kind === 'expect' && node.body.kind === 'output' ? node.body.enc : torchUnsupported(estimator, node);

/** E_x[L(x)] as Lemma 1's marginal vector, shaped like L(x): [K], or the scalar E_x[L] of a one-unit Bernoulli. */
export const marginalOf = (enc: Encoder): string =>
  enc.family === 'categorical' ? `b.marginal(${encoderRef(enc)})` : `b.marginal(${encoderRef(enc)})[1]`;

/** A term whose function body is one `return`. */
export const returns = (name: string, expr: string, helpers: HelperName[] = []): PythonTerm => ({
  body: [`return ${expr}`],
  helpers,
  name,
});

/** A Bayes posterior's density ratio to p(x) (Neural Bayes Prop. 1), or a mixture of them, per sample. */
export function pythonDensityRatio(d: Dist): string {
  switch (d.kind) {
    case 'data':
      return `torch.ones(len(b.inputs[${q(d.v)}]), device=b.device)`;
    case 'posterior':
      return `density_ratio(b, ${encoderRef(d.enc)}, ${d.k}${d.complement ? ', complement=True' : ''})`;
    case 'mixture':
      return `(${d.dists.map((c, i) => `${d.weights[i]} * ${pythonDensityRatio(c)}`).join(' + ')})`;
    case 'conditional':
    case 'marginal':
    case 'prior':
      throw new TorchUnsupported(`bayes-ratio: no density ratio to p(x) for a ${d.kind} distribution`);
  }
}
