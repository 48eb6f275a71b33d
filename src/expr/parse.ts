/**
 * Parser for the text syntax written by `print` (spec files' `objective`). ASCII spellings are accepted too:
 * `-` for −, `*` for ·, `||` for ‖, `!=` for ≠, `sum_k` for Σ_k, `grad log` for ∇log.
 * Variables are resolved against the encoders the spec declares; when several encoders define p(z|x), a model's name
 * replaces p (`q(z|x)`, `prior(z|x)`). Errors carry line and column.
 */
import type { Dist, Expr, Objective } from './nodes.ts';
import { weightsProblem } from './build.ts';
import { suggest } from './suggest.ts';
import { givenLabel, hasExplicitMarginal, networkName, sameVariables, statesOf, type Encoder } from './vars.ts';
import { checkArgs, ParseEnvArg, Str } from '../api/arguments.ts';

/** A syntax or resolution error at a position of the objective text (1-based line and column). */
export class ParseError extends Error {
  constructor(
    readonly line: number,
    readonly column: number,
    readonly reason: string,
  ) {
    super(`${line}:${column}: ${reason}`);
  }
}

/** What the text's names refer to: the encoders declared by the spec (or recovered from a tree). */
export interface ParseEnv {
  readonly encoders: readonly Encoder[];
  /** Data variables the spec binds besides those the encoders read (Y of `data.views`, paired with X row by row). */
  readonly data?: readonly string[];
  /** Latent variables drawn from a prior (a generator's code): never data, so never paired with an encoder's output. */
  readonly priors?: readonly string[];
  /**
   * Observed categorical variables by name: the data's class labels and their number of classes. An encoder of one is
   * a classifier q(y|·) (its `observedTarget`), and p(y), H(Y), I(Z;Y) are read from the labels.
   */
  readonly labels?: Readonly<Record<string, number>>;
  /** Every variable the spec binds (data, views, priors, network outputs); when given, the text may name no other. */
  readonly bound?: readonly string[];
}

type Token =
  | { t: 'num'; v: number; pos: number }
  | { t: 'id'; v: string; pos: number }
  | { t: 'sym'; v: string; pos: number }
  | { t: 'end'; pos: number };

const SYMBOLS: [string, string][] = [
  ['||', '‖'],
  ['!=', '≠'],
  ['‖', '‖'],
  ['≠', '≠'],
  ['−', '-'],
  ['-', '-'],
  ['·', '*'],
  ['*', '*'],
  ['∇', '∇'],
  ['(', '('],
  [')', ')'],
  ['[', '['],
  [']', ']'],
  [',', ','],
  [';', ';'],
  ['|', '|'],
  ['+', '+'],
  ['/', '/'],
  ['=', '='],
];

/** Sticky patterns (matched at `lastIndex`, no copy of the rest of the text: tokenizing is linear in its length). */
const SPACE = /\s+/y;
const NUMBER = /(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?/y;
/** A name may carry a subscript and primes: Z_1, X', Z'' (a second view, another sample). */
const NAME = /[\p{L}_][\p{L}\p{N}_]*'*/uy;

/** The match of the sticky `pattern` at `at`, if any. */
function matchAt(pattern: RegExp, src: string, at: number): string | undefined {
  pattern.lastIndex = at;
  return pattern.exec(src)?.[0];
}

/**
 * Why a number literal is no number: beyond the range of a double (`1e999`, read as Infinity) or so small that it
 * reads as 0 (`1e-400`, which would silently drop its term). Float32, which training uses, is checked by the spec.
 */
function literalProblem(literal: string): string | undefined {
  const value = Number(literal);
  if (!Number.isFinite(value)) return `${literal} is beyond the range of a number (±1.8e308)`;
  const nonZero = /[1-9]/.test(literal.replace(/[eE].*$/, ''));
  if (nonZero && value === 0)
    return `${literal} is too small for a number and would read as 0: write 0, or a larger one`;
  return undefined;
}

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const space = matchAt(SPACE, src, i);
    if (space) {
      i += space.length;
      continue;
    }
    const num = matchAt(NUMBER, src, i);
    if (num) {
      const problem = literalProblem(num);
      if (problem) throw errorAt(src, i, problem);
      out.push({ t: 'num', v: Number(num), pos: i });
      i += num.length;
      continue;
    }
    const id = matchAt(NAME, src, i);
    if (id) {
      out.push({ t: 'id', v: id, pos: i });
      i += id.length;
      continue;
    }
    const c = String.fromCodePoint(src.codePointAt(i)!);
    const sym = SYMBOLS.find(([s]) => src.startsWith(s, i));
    const penalty = c === '²' || c === '^' ? `; ${WEIGHT_PENALTY}` : '';
    if (!sym) throw errorAt(src, i, `unexpected character '${c}'${penalty}`);
    out.push({ t: 'sym', v: sym[1], pos: i });
    i += sym[0].length;
  }
  out.push({ t: 'end', pos: src.length });
  return out;
}

/** What a norm ‖θ‖² in objective text is told (RIM's −λ‖θ‖² is a training setting). */
const WEIGHT_PENALTY =
  'a weight penalty ‖θ‖² is not a term of the objective: set train.weightDecay: λ in the spec (decoupled weight decay, docs/spec.md)';

function errorAt(src: string, pos: number, reason: string): ParseError {
  const before = src.slice(0, pos).split('\n');
  return new ParseError(before.length, before[before.length - 1].length + 1, reason);
}

/** Deepest nesting of parentheses and signs an objective may have (deeper input would overflow the stack). */
export const MAX_NESTING = 64;

const RESERVED = new Set([
  'H',
  'I',
  'KL',
  'CE',
  'JSD',
  'R_c',
  'R_p',
  'log',
  'sg',
  'Σ_k',
  'sum_k',
  'grad',
  'max',
  'min',
  'p',
  'U',
  'N',
  'mix',
]);
/** Names of terms written with arguments, for "did you mean" (`Hh(Z)` → H). */
const TERM_NAMES = ['H', 'I', 'KL', 'CE', 'JSD', 'R_c', 'R_p', 'log', 'sg'];

class Parser {
  private i = 0;
  private depth = 0;
  constructor(
    private readonly src: string,
    private readonly toks: Token[],
    private readonly env: ParseEnv,
  ) {}

  private peek(): Token {
    return this.toks[this.i];
  }
  /** One level deeper; refused beyond MAX_NESTING, with the position. */
  private enter(): void {
    if (++this.depth > MAX_NESTING) this.fail(`nested deeper than ${MAX_NESTING} levels`);
  }
  private fail(reason: string, tok = this.peek()): never {
    throw errorAt(this.src, tok.pos, reason);
  }
  private isSym(v: string): boolean {
    const t = this.peek();
    return t.t === 'sym' && t.v === v;
  }
  private isId(v: string): boolean {
    const t = this.peek();
    return t.t === 'id' && t.v === v;
  }
  private sym(v: string): void {
    if (!this.isSym(v)) this.fail(`expected '${v}'`);
    this.i++;
  }
  private ident(what: string): { v: string; pos: number } {
    const t = this.peek();
    if (t.t !== 'id') this.fail(`expected ${what}`);
    this.i++;
    return t as { v: string; pos: number };
  }
  private natural(): number {
    const t = this.peek();
    if (t.t !== 'num' || !Number.isInteger(t.v)) this.fail('expected a state index');
    this.i++;
    return (t as { v: number }).v;
  }

  objective(): Objective {
    const t = this.peek();
    if (!(t.t === 'id' && (t.v === 'max' || t.v === 'min'))) this.fail("an objective starts with 'max' or 'min'");
    this.i++;
    const body = this.sum();
    if (this.peek().t !== 'end') this.fail('unexpected text after the objective');
    return { sense: (t as { v: 'max' | 'min' }).v, body };
  }

  expression(): Expr {
    const e = this.sum();
    if (this.peek().t !== 'end') this.fail('unexpected text after the expression');
    return e;
  }

  private sum(): Expr {
    this.enter();
    const terms: Expr[] = [this.product()];
    while (this.isSym('+') || this.isSym('-')) {
      const minus = this.isSym('-');
      this.i++;
      const t = this.product();
      terms.push(minus ? { kind: 'neg', arg: t } : t);
    }
    this.depth--;
    return terms.length === 1 ? terms[0] : { kind: 'add', terms };
  }

  private product(): Expr {
    let left = this.unary();
    while (this.isSym('*') || this.isSym('/')) {
      const op = this.isSym('*') ? 'mul' : 'div';
      this.i++;
      left = { kind: op, left, right: this.unary() };
    }
    return left;
  }

  private unary(): Expr {
    if (this.isSym('-')) {
      this.i++;
      this.enter();
      const arg = this.unary();
      this.depth--;
      return { kind: 'neg', arg };
    }
    return this.atom();
  }

  private atom(): Expr {
    const t = this.peek();
    if (t.t === 'num') {
      this.i++;
      return { kind: 'const', value: t.v };
    }
    if (this.isSym('(')) {
      this.i++;
      const e = this.sum();
      this.sym(')');
      return e;
    }
    if (this.isSym('‖')) this.fail(WEIGHT_PENALTY);
    if (this.isSym('∇')) {
      this.i++;
      if (!this.isId('log')) this.fail("expected 'log' after ∇");
      this.i++;
      return { kind: 'score', dist: this.bracketDist() };
    }
    if (t.t !== 'id') this.fail('expected a term');
    const name = (t as { v: string }).v;
    this.i++;
    switch (name) {
      case 'H':
        return this.entropy();
      case 'I':
        return this.mutualInfo();
      case 'KL':
      case 'CE': {
        this.sym('(');
        const p = this.dist();
        if (name === 'KL') this.sym('‖');
        else this.sym(',');
        const q = this.dist();
        this.sym(')');
        return name === 'KL' ? { kind: 'kl', p, q } : { kind: 'crossEntropy', p, q };
      }
      case 'JSD':
        return this.jsd();
      case 'R_c':
      case 'R_p': {
        this.sym('(');
        const enc = this.model(this.ident('a model name'));
        this.sym(')');
        return { kind: 'regulariser', name: name === 'R_c' ? 'smoothness' : 'uniformPrior', enc };
      }
      case 'log':
        if (this.isSym('[')) return { kind: 'logDensity', dist: this.bracketDist() };
        return { kind: 'log', arg: this.parenthesised() };
      case 'grad':
        if (!this.isId('log')) this.fail("expected 'log' after grad");
        this.i++;
        return { kind: 'score', dist: this.bracketDist() };
      case 'sg':
        return { kind: 'stopGradient', arg: this.parenthesised() };
      case 'Σ_k':
      case 'sum_k': {
        this.sym('[');
        const body = this.sum();
        this.sym(']');
        return { kind: 'sumStates', body };
      }
    }
    if (/^E_/.test(name)) {
      this.sym('[');
      const body = this.sum();
      this.sym(']');
      return { kind: 'expect', v: name.slice(2).toUpperCase(), body };
    }
    if (this.isSym('(')) {
      const declared = this.model({ v: name, pos: t.pos });
      this.i++;
      const v = this.ident('a variable');
      // a network used on several variables (Φ(x), Φ(x')): the use that reads v
      const reads = (e: Encoder) => networkName(e) === name && sameVariables(e.given, [v.v.toUpperCase()]);
      const enc = this.env.encoders.find(reads) ?? declared;
      if (!sameVariables([v.v.toUpperCase()], enc.given))
        this.fail(`${networkName(enc)} is a function of ${givenLabel(enc).toLowerCase()}, not ${v.v}`, {
          t: 'id',
          v: v.v,
          pos: v.pos,
        });
      this.sym(')');
      return { kind: 'output', enc };
    }
    if (RESERVED.has(name)) this.fail(`'${name}' needs arguments`, t);
    return { kind: 'hyper', name };
  }

  private parenthesised(): Expr {
    this.sym('(');
    const e = this.sum();
    this.sym(')');
    return e;
  }

  /**
   * H(Z), H(Z|X), or H[model](Z) naming the encoder when several produce Z (the notes' H_Ψ(Z), §4); H(Z,W) and H(Z|W)
   * of two encoders' targets on paired samples when no encoder defines p(z|w).
   */
  private entropy(): Expr {
    if (this.isSym('[')) {
      this.i++;
      const enc = this.model(this.ident('a model name'));
      this.sym(']');
      this.sym('(');
      const z = this.ident('a variable');
      this.sym(')');
      if (enc.target !== z.v.toUpperCase())
        this.fail(`${networkName(enc)} produces ${enc.target}, not ${z.v.toUpperCase()}`, {
          t: 'id',
          v: z.v,
          pos: z.pos,
        });
      return { kind: 'entropy', enc };
    }
    this.sym('(');
    const z = this.ident('a variable');
    if (this.isSym('|') || this.isSym(',')) {
      const conditional = this.isSym('|');
      this.i++;
      const x = this.ident('a variable');
      this.sym(')');
      const [zv, xv] = [z.v.toUpperCase(), x.v.toUpperCase()];
      const defined = this.env.encoders.some((e) => e.target === zv && sameVariables(e.given, [xv]));
      if (conditional && defined) return { kind: 'condEntropy', enc: this.encoderFor(z, x.v) };
      if (this.producedTwice(zv, xv))
        return { kind: 'pairedEntropy', a: this.encoderFor(z), b: this.encoderFor(x), conditional };
      if (!conditional) this.jointError(z, x);
      [z, x].forEach((v) => this.knownVariable(v));
      this.fail(
        `no encoder defines p(${zv.toLowerCase()}|${xv.toLowerCase()})${this.pairingHint(zv, xv)}; declared encoders: ${this.declared()}`,
        { t: 'id', v: z.v, pos: z.pos },
      );
    }
    this.sym(')');
    return { kind: 'entropy', enc: this.encoderFor(z) };
  }

  private mutualInfo(): Expr {
    this.sym('(');
    const a = this.ident('a variable');
    this.sym(';');
    const b = this.ident('a variable');
    this.sym(')');
    [a, b].forEach((v) => this.knownVariable(v));
    const [x, z] = [a.v.toUpperCase(), b.v.toUpperCase()];
    const forward = this.env.encoders.find((e) => e.target === z && sameVariables(e.given, [x]));
    const backward = this.env.encoders.find((e) => e.target === x && sameVariables(e.given, [z]));
    if (!forward && !backward && this.producedTwice(x, z)) {
      // I(Z;W) of two encoder outputs read on paired samples (IIC's I(Z;Z'), Ji et al. 2019)
      return { kind: 'pairedInfo', a: this.encoderFor(a), b: this.encoderFor(b) };
    }
    const paired = !forward && !backward ? this.pairedWithData(x, z) : undefined;
    if (paired) return paired;
    if (!forward && !backward)
      this.fail(
        `no encoder defines p(${z.toLowerCase()}|${x.toLowerCase()}) or p(${x.toLowerCase()}|${z.toLowerCase()})${this.pairingHint(x, z)}; declared encoders: ${this.declared()}`,
        { t: 'id', v: a.v, pos: a.pos },
      );
    return { kind: 'mutualInfo', enc: forward ?? backward! };
  }

  /**
   * Each variable is produced by one encoder, and neither reads the other: their joint is over paired samples, two views
   * X, X' of one sample (Z = Φ(X), W = Φ(X')) or the same X read by two encoders (Z = Φ(X), W = Ψ(X)).
   */
  private producedTwice(x: string, z: string): boolean {
    const [a, b] = [x, z].map((v) => this.env.encoders.filter((e) => e.target === v));
    return x !== z && a.length === 1 && b.length === 1 && !a[0].given.includes(z) && !b[0].given.includes(x);
  }

  /**
   * I(Z;Y) of the target of one encoder and a data variable Y that no encoder produces nor that encoder reads: Y's rows
   * are paired with the encoder's givens' (two views of one sample), so their joint is defined by the paired samples.
   */
  private pairedWithData(a: string, b: string): Expr | undefined {
    // observed labels stay data even where a classifier models them
    const producers = (v: string) => this.env.encoders.filter((e) => e.target === v && !e.observedTarget);
    const isData = (v: string) => producers(v).length === 0 && !(this.env.priors ?? []).includes(v);
    const [target, v] = isData(b) ? [a, b] : [b, a];
    const enc = producers(target);
    if (a === b || !isData(v) || enc.length !== 1 || enc[0].given.includes(v)) return undefined;
    return { kind: 'dataInfo', enc: enc[0], v, ...this.labelsOf(v) };
  }

  /** `{ labels }` when v is the data's class labels. */
  private labelsOf(v: string): { labels?: { states: number } } {
    const states = this.env.labels?.[v];
    return states === undefined ? {} : { labels: { states } };
  }

  /** H(A,B) whose joint the spec does not define: which variable is missing an encoder, and what to write instead. */
  private jointError(a: { v: string; pos: number }, b: { v: string; pos: number }): never {
    [a, b].forEach((v) => this.knownVariable(v));
    const [av, bv] = [a.v.toUpperCase(), b.v.toUpperCase()];
    const at = { t: 'id' as const, v: a.v, pos: a.pos };
    if (av === bv) this.fail(`H(${av},${bv}) is H(${av}): write H(${av})`, at);
    const reads = this.env.encoders.find(
      (e) => (e.target === av && e.given.includes(bv)) || (e.target === bv && e.given.includes(av)),
    );
    if (reads) {
      const [z, x] = [reads.target, givenLabel(reads)];
      this.fail(
        `H(${av},${bv}) = H(${x}) + H(${z}|${x}) needs H(${x}), the entropy of the data, which only samples define: write H(${z}|${x}) (the same up to the constant H(${x}))`,
        at,
      );
    }
    this.fail(`the spec does not define the joint of ${av} and ${bv}${this.pairingHint(av, bv)}`, at);
  }

  /**
   * Why two variables have no paired joint: which is data (no encoder produces it) or produced by several encoders, and
   * what to declare instead.
   */
  private pairingHint(a: string, b: string): string {
    const producers = (v: string) => this.env.encoders.filter((e) => e.target === v);
    const why = [a, b].flatMap((v) => {
      const n = producers(v).length;
      if (n === 1) return [];
      if (n > 1)
        return [
          `${v} is produced by ${n} encoders (${producers(v)
            .map((e) => networkName(e))
            .join(', ')})`,
        ];
      return [`${v} is data, which no encoder produces (declare an encoder of ${v} and use its output)`];
    });
    return why.length ? `: ${why.join('; ')}` : '';
  }

  private jsd(): Expr {
    const { weights, dists } = this.weightedDists('JSD');
    return { kind: 'jsd', weights, dists };
  }

  /** `[w1, w2, …](d1, d2, …)` as in JSD[…](…) and mix[…](…). */
  private weightedDists(what: string): { weights: number[]; dists: Dist[] } {
    this.sym('[');
    const weights: number[] = [];
    do {
      if (weights.length) this.sym(',');
      const w = this.peek();
      if (w.t !== 'num') this.fail('expected a weight');
      weights.push((w as { v: number }).v);
      this.i++;
    } while (this.isSym(','));
    this.sym(']');
    this.sym('(');
    const at = this.peek();
    const dists: Dist[] = [this.dist()];
    while (this.isSym(',')) {
      this.i++;
      dists.push(this.dist());
    }
    this.sym(')');
    if (dists.length < 2) this.fail(`a ${what} needs at least two distributions`, at);
    if (weights.length !== dists.length) this.fail(`${weights.length} weights for ${dists.length} distributions`, at);
    const problem = weightsProblem(what, weights, dists.length);
    if (problem) this.fail(problem, at);
    return { weights, dists };
  }

  private bracketDist(): Dist {
    this.sym('[');
    const d = this.dist();
    this.sym(']');
    return d;
  }

  private dist(): Dist {
    const head = this.ident('a distribution such as p(z|x), U(z) or N(z)');
    if (head.v === 'mix') return { kind: 'mixture', ...this.weightedDists('mixture') };
    this.sym('(');
    const a = this.ident('a variable');
    if (head.v === 'U' || head.v === 'N') {
      this.sym(')');
      return { kind: 'prior', v: a.v.toUpperCase(), family: head.v === 'U' ? 'uniform' : 'standard-normal' };
    }
    if (head.v !== 'p') return this.namedConditional(head, a);
    if (!this.isSym('|')) {
      this.sym(')');
      const v = a.v.toUpperCase();
      const enc = this.env.encoders.find((e) => e.target === v);
      // p(y) of observed labels is their marginal in the data, never a classifier's aggregate prediction
      if (enc && !enc.observedTarget) return { kind: 'marginal', enc };
      return { kind: 'data', v, ...this.labelsOf(v) };
    }
    this.i++;
    const b = this.ident('a variable');
    if (this.isSym('=') || this.isSym('≠')) {
      const complement = this.isSym('≠');
      this.i++;
      const k = this.natural();
      this.sym(')');
      const enc = this.encoderFor(b, a.v);
      if (!hasExplicitMarginal(enc))
        this.fail(
          `p(${a.v}|${b.v}=k) needs a discrete encoder with an explicit marginal; ${networkName(enc)} is ${enc.family} of size ${enc.size}`,
          { t: 'id', v: b.v, pos: b.pos },
        );
      const states = statesOf(enc);
      if (k >= states)
        this.fail(`state ${k} is not one of 0..${states - 1} of ${networkName(enc)}`, { t: 'id', v: b.v, pos: b.pos });
      return { kind: 'posterior', enc, k, complement };
    }
    this.sym(')');
    return { kind: 'conditional', enc: this.encoderFor(a, b.v) };
  }

  /**
   * `q(z|x)`: the conditional of the model (or head) named `q` (needed when several encoders define p(z|x)); of a
   * network used on several variables, the use that produces z from x.
   */
  private namedConditional(head: { v: string; pos: number }, a: { v: string; pos: number }): Dist {
    const uses = this.env.encoders.filter((e) => networkName(e) === head.v && e.layer === undefined);
    const at = { t: 'id' as const, v: head.v, pos: head.pos };
    if (uses.length === 0)
      this.fail(
        `unknown distribution '${head.v}': write p, U, N, mix, or a model's name as in q(z|x) (declared: ${this.env.encoders.map(networkName).join(', ') || 'none'})`,
        at,
      );
    this.sym('|');
    const b = this.ident('a variable');
    this.sym(')');
    const enc =
      uses.find((e) => a.v.toUpperCase() === e.target && sameVariables([b.v.toUpperCase()], e.given)) ?? uses[0];
    if (a.v.toUpperCase() !== enc.target || !sameVariables([b.v.toUpperCase()], enc.given))
      this.fail(
        `${networkName(enc)} defines p(${enc.target.toLowerCase()}|${givenLabel(enc).toLowerCase()}), not p(${a.v}|${b.v})`,
        at,
      );
    return { kind: 'conditional', enc };
  }

  /** Declared encoders as `model: p(z|x)`, for error messages. */
  private declared(): string {
    return (
      this.env.encoders
        .map((e) => `${networkName(e)}: p(${e.target.toLowerCase()}|${givenLabel(e).toLowerCase()})`)
        .join(', ') || 'none'
    );
  }

  /** A variable some encoder produces or reads; otherwise the error says it is undefined, with a suggestion. */
  private knownVariable(v: { v: string; pos: number }): void {
    const bound = this.env.bound;
    if (bound && !bound.includes(v.v.toUpperCase()))
      this.fail(`${v.v.toUpperCase()} is not a variable of this spec (it binds ${bound.join(', ') || 'none'})`, {
        t: 'id',
        v: v.v,
        pos: v.pos,
      });
    const known = [
      ...new Set([
        ...this.env.encoders.flatMap((e) => [...e.given, e.target]),
        ...(this.env.data ?? []),
        ...Object.keys(this.env.labels ?? {}),
      ]),
    ];
    if (known.includes(v.v.toUpperCase())) return;
    const guess = v.v.length > 1 ? suggest(v.v.toUpperCase(), known) : undefined; // one letter is near any other
    this.fail(
      `${v.v.toUpperCase()} is not defined: no encoder produces or reads it (variables: ${known.join(', ') || 'none'})${guess ? `; did you mean ${guess}?` : ''}`,
      { t: 'id', v: v.v, pos: v.pos },
    );
  }

  private encoderFor(target: { v: string; pos: number }, given?: string): Encoder {
    const z = target.v.toUpperCase();
    const x = given?.toUpperCase();
    const found = this.env.encoders.filter((e) => e.target === z && (x === undefined || sameVariables(e.given, [x])));
    const where = { t: 'id' as const, v: target.v, pos: target.pos };
    if (found.length === 0) {
      this.knownVariable(target);
      if (given !== undefined) this.knownVariable({ v: given, pos: target.pos });
      this.fail(
        `no encoder defines p(${z.toLowerCase()}${x ? '|' + x.toLowerCase() : ''}); declared encoders: ${this.declared()}`,
        where,
      );
    }
    if (found.length > 1)
      this.fail(
        `${z} is the target of several encoders (${found.map(networkName).join(', ')}); ${x ? `write the model's name instead of p, e.g. ${networkName(found[0])}(${target.v}|${given})` : `name the conditioning variable, or the model as in H[${networkName(found[0])}](${z})`}`,
        where,
      );
    return found[0];
  }

  private model(name: { v: string; pos: number }): Encoder {
    const enc = this.env.encoders.find((e) => networkName(e) === name.v);
    if (!enc) {
      const guess = suggest(name.v, [...this.env.encoders.map(networkName), ...TERM_NAMES]);
      const hint = guess ? ` (did you mean '${guess}'?)` : '';
      this.fail(
        `unknown model or term '${name.v}'${hint}; declared models: ${this.env.encoders.map(networkName).join(', ') || 'none'}`,
        { t: 'id', v: name.v, pos: name.pos },
      );
    }
    return enc;
  }
}

/** Parse an objective (`max …` / `min …`). Throws ParseError with line and column. */
export function parse(src: string, env: ParseEnv): Objective {
  checkArgs('parse', { src: [Str, src], env: [ParseEnvArg, env] });
  return new Parser(src, tokenize(src), env).objective();
}

/** Parse a bare expression (no max/min). */
export function parseExpr(src: string, env: ParseEnv): Expr {
  checkArgs('parseExpr', { src: [Str, src], env: [ParseEnvArg, env] });
  return new Parser(src, tokenize(src), env).expression();
}
