/**
 * What the page teaches: the syntax panel (every kind of term with an example), the seeds' objectives as presets over
 * the page's model, and completion of term names in the objective box.
 */
import type { PageSettings } from './protocol.ts';

/** Every kind of term of the text syntax (docs/expr.md, "Nodes" and "Text syntax"), with an example over L = p(z|x). */
export const SYNTAX: readonly { readonly name: string; readonly example: string; readonly meaning: string }[] = [
  { name: 'max / min', example: 'max I(X;Z)', meaning: 'the sense: maximise or minimise what follows' },
  { name: 'I', example: 'I(X;Z)', meaning: 'mutual information under p(z|x)' },
  { name: 'H', example: 'H(Z)', meaning: 'entropy of the marginal p(z)' },
  { name: 'H(·|·)', example: 'H(Z|X)', meaning: 'conditional entropy' },
  { name: "I(Z;Z')", example: "I(Z;Z')", meaning: "two encoders' outputs on paired samples (a second view X')" },
  {
    name: "I(Z;X')",
    example: "I(Z;X')",
    meaning: 'an encoder’s output and a data variable paired row by row (a critic bound)',
  },
  { name: 'KL', example: 'KL(p(z|x) ‖ p(z))', meaning: 'Kullback–Leibler divergence (ASCII: ||)' },
  { name: 'CE', example: 'CE(p(z), U(z))', meaning: 'cross-entropy' },
  { name: 'JSD', example: 'JSD[0.5, 0.5](p(x|z=1), p(x|z≠1))', meaning: 'weighted Jensen–Shannon divergence' },
  { name: 'R_c', example: 'R_c(L)', meaning: 'Neural Bayes Eq. 4: smoothness of L (finite differences)' },
  { name: 'R_p', example: 'R_p(L)', meaning: 'Neural Bayes Eq. 9: the marginal kept away from the simplex corners' },
  { name: 'L(x)', example: 'L(x)', meaning: 'the encoder’s output per sample' },
  { name: 'E_x', example: 'E_x[L(x)]', meaning: 'mean over the batch' },
  { name: 'Σ_k', example: 'Σ_k[L(x)·log(L(x))]', meaning: 'sum over the states (ASCII: sum_k)' },
  { name: 'log', example: 'log[p(z|x)]', meaning: 'log-density per sample; log(…) of a value' },
  { name: 'p, U, N', example: 'p(z|x), p(z), U(z), N(z)', meaning: 'conditional, marginal, uniform and normal priors' },
  { name: 'sg', example: 'sg(E_x[L(x)])', meaning: 'stop-gradient' },
  {
    name: '+ − · /',
    example: '0.5·H(Z) − β·H(Z|X)',
    meaning: 'arithmetic (ASCII: - and *); β, γ, … are hyper-parameters',
  },
];

/** Snippets the objective box completes, by the name being typed. */
export const COMPLETIONS: readonly string[] = [
  'I(X;Z)',
  'H(Z)',
  'H(Z|X)',
  "I(Z;Z')",
  "I(Z;X')",
  'KL(p(z|x) ‖ p(z))',
  'CE(p(z), U(z))',
  'JSD[0.5, 0.5](p(x|z=1), p(x|z≠1))',
  'R_c(L)',
  'R_p(L)',
  'L(x)',
  'E_x[L(x)]',
  'Σ_k[L(x)·log(L(x) + 1e-7)]',
  'log[p(x|z)]',
  'log(',
  'sg(',
  'U(z)',
  'N(z)',
  'max ',
  'min ',
];

/** The word being typed before the cursor, and the completions that start with it (sum_k also finds Σ_k). */
export function completionsAt(text: string, cursor: number): { start: number; options: string[] } {
  const word = /[A-Za-zΣ_]+$/.exec(text.slice(0, cursor))?.[0] ?? '';
  if (!word) return { start: cursor, options: [] };
  const typed = word.replace(/^sum/, 'Σ');
  return { start: cursor - word.length, options: COMPLETIONS.filter((c) => c.startsWith(typed) && c !== typed) };
}

/** The DMS objective as Neural Bayes Eq. 5 writes it (f₁ = L/E_x[L], f₀ = (1−L)/(1−E_x[L]), +ε), with β·R_c. */
export const DMS =
  'min (0.5·E_x[(L(x)/E_x[L(x)] + 1e-7)·log(1 + ((1 − L(x))/(1 − E_x[L(x)]) + 1e-7)/(L(x)/E_x[L(x)] + 1e-7))] + ' +
  '0.5·E_x[((1 − L(x))/(1 − E_x[L(x)]) + 1e-7)·log(1 + (L(x)/E_x[L(x)] + 1e-7)/' +
  '((1 − L(x))/(1 − E_x[L(x)]) + 1e-7))]) + β·R_c(L)';

export interface Preset {
  readonly name: string;
  readonly source: string;
  readonly settings: Partial<PageSettings>;
}

/** The seeds' objectives over the page's model (one encoder L; a second view X' or a decoder where they need one). */
export const PRESETS: readonly Preset[] = [
  {
    name: 'DMS',
    source: 'Neural Bayes Eq. 5 + β·R_c (Theorem 2 plug-in of the marginal)',
    settings: {
      objective: DMS,
      hypers: 'β=1',
      family: 'bernoulli',
      size: 1,
      // three hidden layers, as the paper's MLP and specs/dms-moons.yaml: with two (200, 200) DMS on 2-D moons stayed at
      // ARI 0.06 after 20 epochs, in the page and from `infobj train` alike; with three of 200 it reached 0.996 in 8
      hidden: '200,200,200',
      batchNorm: true,
      view: 0,
      pairedView: false,
      decoder: false,
      batch: 200,
    },
  },
  {
    name: 'MIM',
    source: 'Neural Bayes Eq. 10 (mutual information maximisation, R_p and R_c)',
    settings: {
      objective: 'min −E_x[Σ_k[L(x)·log(L(x) + 1e-7)]] + (1 + α)·R_p(L) + β·R_c(L)',
      hypers: 'α=1, β=1',
      family: 'categorical',
      size: 2,
      view: 0,
      pairedView: false,
      decoder: false,
      batch: 200,
    },
  },
  {
    name: 'IIC',
    source: "Ji et al. 2019, Eq. 3: I(Z;Z') of two views, the joint plugged in",
    settings: {
      objective: "max I(Z;Z')",
      hypers: '',
      family: 'categorical',
      size: 2,
      view: 0.1,
      pairedView: true,
      decoder: false,
      batch: 200,
    },
  },
  {
    name: 'RIM',
    source: 'Krause et al. 2010: H(Z) − H(Z|X)',
    settings: {
      objective: 'max H(Z) − H(Z|X)',
      hypers: '',
      family: 'categorical',
      size: 2,
      view: 0,
      pairedView: false,
      decoder: false,
      batch: 200,
    },
  },
  {
    name: 'VAE',
    source: 'Kingma & Welling 2014: the ELBO, a Gaussian encoder and decoder',
    settings: {
      objective: 'max E_x[log[p(x|z)]] − KL(p(z|x) ‖ N(z))',
      hypers: '',
      family: 'gaussian',
      size: 2,
      view: 0,
      pairedView: false,
      decoder: true,
      batch: 200,
    },
  },
  {
    name: 'InfoNCE',
    // the critic reads batch² pairs: at a batch of 200 an epoch of 2-D moons took 82 s on wasm here, so 50
    source: "van den Oord et al. 2018: I(Z;X') of a view, bounded with a critic over every pair of a batch",
    settings: {
      objective: "max I(Z;X')",
      hypers: '',
      family: 'categorical',
      size: 2,
      view: 0.1,
      pairedView: false,
      decoder: false,
      batch: 50,
    },
  },
];
