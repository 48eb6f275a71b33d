/**
 * The PyTorch lowerings of the critic bounds (src/estimators/criticBounds.ts) and of the GAN discriminator
 * (src/estimators/bounds.ts): the critic's two inputs as bounds.ts reads them, its scores over the whole minibatch, the
 * bound's formula (runtime/critics.ts), and for an adversarial critic the reversed inputs and the played-against value.
 */
import type { Dist, Encoder, Expr } from '../../expr/index.ts';
import { familyOf } from '../../families/index.ts';
import type { ScoreBound } from '../../estimators/registry.ts';
import type { TermPlan } from '../../plan/types.ts';
import { q, TorchUnsupported, torchUnsupported, type PytorchLowering } from './lowering.ts';
import type { HelperName } from './runtime.ts';

/** The bounds scored by a critic network (CLUB and L1Out score a Gaussian encoder's own conditional). */
export type CriticBound = Exclude<ScoreBound, 'l1out' | 'club'>;

interface Formula {
  readonly equation: string;
  /** The Python that values the bound from `out`, the critic's outputs [rows, K, outputs] (and `aux` where read). */
  readonly call: string;
  readonly helpers: readonly HelperName[];
  /** TUBA's baseline: the critic's second output at (x, 0), a function of x alone. */
  readonly baseline?: true;
}

const FORMULAS: Readonly<Record<CriticBound, Formula>> = {
  mine: {
    equation: 'MINE, Donsker–Varadhan: I ≥ E_p[T] − log E_q[e^T]',
    call: 'dv_bound(out[:, :, 0])',
    helpers: ['boundMine'],
  },
  'mine-f': {
    equation: 'MINE-f, the f-divergence dual: I ≥ E_p[T] − e^{−1} E_q[e^T]',
    call: 'nwj_bound(out[:, :, 0])',
    helpers: ['boundNwj'],
  },
  nwj: {
    equation: 'NWJ (Nguyen et al. 2010): I ≥ E_p[T] − e^{−1} E_q[e^T]',
    call: 'nwj_bound(out[:, :, 0])',
    helpers: ['boundNwj'],
  },
  'jsd-critic': {
    equation: 'DIM (Hjelm et al. 2019), the JSD proxy −E_p[softplus(−T)] − E_q[softplus(T)]',
    call: 'jsd_bound(out[:, :, 0])',
    helpers: ['boundJsd'],
  },
  infonce: {
    equation: 'InfoNCE (van den Oord et al. 2018): I ≥ E_i[T(x_i, y_i) − log (1/K) Σ_j e^{T(x_i, y_j)}]',
    call: 'infonce_bound(out[:, :, 0])',
    helpers: ['boundInfonce'],
  },
  smile: {
    equation: 'SMILE (Song & Ermon 2020): E_p[T] − log E_q[clip(e^T, e^{−τ}, e^τ)], the JSD bound’s gradient',
    call: 'smile_bound(out[:, :, 0])',
    helpers: ['boundMine', 'boundJsd', 'boundSmile'],
  },
  tuba: {
    equation: 'TUBA (Poole et al. 2019): I ≥ 1 + E_p[T − log a(x)] − E_q[e^{T − log a(x)}]',
    call: 'tuba_bound(out[:, :, 0], log_baseline)',
    helpers: ['boundTuba'],
    baseline: true,
  },
  flo: {
    equation: 'FLO (Guo et al. 2022): I ≥ 1 + E[−u(x, y) − e^{−u(x, y)} E_{y′}[e^{T(x, y′) − T(x, y)}]]',
    call: 'flo_bound(out[:, :, 0], out[:, 0, 1])',
    helpers: ['boundFlo'],
  },
};

/** An encoder's values as the critic reads them: z = f(x), or the state probabilities of a discrete encoder. */
function encoderValues(enc: Encoder): string {
  if (familyOf(enc.family).sample?.noisy)
    throw new TorchUnsupported(`a critic reading ${enc.model}'s reparameterised sample (${enc.family} encoders)`);
  return `flat(b.output(${q(enc.model)}))`;
}

const dataValues = (v: string) => `flat(b.inputs[${q(v)}])`;

/** The critic's two inputs (the names they are given and their Python), as bounds.ts#pairs reads them. */
function criticPair(estimator: string, node: Expr): [name: string, value: string][] {
  switch (node.kind) {
    case 'pairedInfo':
      return [
        [node.a.target, encoderValues(node.a)],
        [node.b.target, encoderValues(node.b)],
      ];
    case 'dataInfo':
      if (node.labels) throw new TorchUnsupported(`a critic reading the class labels ${node.v}`);
      return [
        [node.enc.target, encoderValues(node.enc)],
        [node.v, dataValues(node.v)],
      ];
    case 'mutualInfo': {
      const givens = node.enc.given.map(dataValues);
      const x = givens.length === 1 ? givens[0] : `torch.cat([${givens.join(', ')}], 1)`;
      return [
        [node.enc.given.join(''), x],
        [node.enc.target, encoderValues(node.enc)],
      ];
    }
    default:
      return torchUnsupported(estimator, node);
  }
}

/** Python names for the variables (lower case, distinct). */
function pythonNames(names: readonly string[]): string[] {
  const out: string[] = [];
  for (const n of names) {
    const base = n.toLowerCase().replace(/\W/g, '_');
    out.push(out.includes(base) ? `${base}_${out.length + 1}` : base);
  }
  return out;
}

const networkOf = (term: TermPlan<string>): string => {
  if (!term.network) throw new Error(`internal: ${term.estimator} of ${term.term} was planned without its network`);
  return term.network.id;
};

/**
 * The lowering of the critic bound `name`: each of this process's rows meets `candidates` rows of the whole minibatch
 * (bounds.ts: INFONCE_CANDIDATES for the multi-sample bounds, 2 for the others).
 */
export const criticBoundLowering = (name: CriticBound, candidates: number): PytorchLowering => {
  const f = FORMULAS[name];
  return {
    equation: `${f.equation}, the critic T jointly trained to ascend it, each row against the whole minibatch`,
    lower: (node, term) => {
      const pair = criticPair(name, node);
      const names = pythonNames(pair.map(([n]) => n));
      const adversarial = Boolean(term.adversarial);
      const read = (v: string) => (adversarial ? `reverse_gradient(${v})` : v);
      const critic = q(networkOf(term));
      const [x, y] = names;
      const body = [
        ...(adversarial ? ['# the objective goes against the bound: the critic reads its inputs reversed'] : []),
        `${names.join(', ')} = ${pair.map(([, v]) => read(v)).join(', ')}`,
        `out = critic_scores(b, ${critic}, ${x}, ${y}, candidates=${candidates})`,
        ...(f.baseline
          ? [`log_baseline = critic_scores(b, ${critic}, ${x}, torch.zeros_like(${y}), candidates=1)[:, 0, 1]`]
          : []),
        adversarial ? `return played_against(${f.call})` : `return ${f.call}`,
      ];
      const helpers: HelperName[] = ['critics', ...f.helpers, ...(adversarial ? (['adversarial'] as const) : [])];
      return { body, helpers, name: `${name.replace(/-/g, '_')}_${names.join('_')}` };
    },
  };
};

/** Samples of a distribution the discriminator compares: the data batch, or a deterministic generator's values. */
function samplesOf(d: Dist): [name: string, value: string] {
  if (d.kind === 'data') return [d.v, dataValues(d.v)];
  if (d.kind === 'marginal') return [d.enc.target, encoderValues(d.enc)];
  throw new TorchUnsupported(`the discriminator cannot draw from ${d.kind} distributions`);
}

/** The GAN discriminator's lowering (bounds.ts#discriminatorBound). */
export const discriminatorLowering: PytorchLowering = {
  equation:
    'lecture notes §2.2: JSD_w(p, q) ≥ H(w) + w₁E_p[log σ(T)] + w₂E_q[log(1 − σ(T))], the discriminator T jointly trained to ascend it',
  lower: (node, term) => {
    if (node.kind !== 'jsd' || node.dists.length !== 2) return torchUnsupported('jsd-discriminator', node);
    const sides = node.dists.map(samplesOf);
    const names = pythonNames(sides.map(([n]) => n));
    const adversarial = Boolean(term.adversarial);
    const [w1, w2] = node.weights;
    const call = `discriminator_bound(b, ${q(networkOf(term))}, ${names.join(', ')}, ${w1}, ${w2}, adversarial=${adversarial ? 'True' : 'False'})`;
    return {
      body: [
        `${names.join(', ')} = ${sides.map(([, v]) => v).join(', ')}`,
        adversarial ? `return played_against(${call})` : `return ${call}`,
      ],
      helpers: ['critics', 'discriminator', ...(adversarial ? (['adversarial'] as const) : [])],
      name: `discriminator_${names.join('_')}`,
    };
  },
};
