/**
 * An e-graph over the expression trees: hash-consed e-nodes, a union-find over e-classes, and a rebuild that restores
 * congruence (equal operators on equal classes are one class). The base theory is built in: a sum node is a linear
 * combination Σ c_i·C_i of classes with coefficients polynomial in the hyper-parameters, kept canonical (classes in
 * order, like terms merged, zeros dropped), so sums are equal up to order, grouping, scaling and cancellation.
 */
import { match } from 'ts-pattern';
import type { Expr } from '../../expr/index.ts';
import {
  addCoef,
  coefKey,
  hyperCoef,
  isZeroCoef,
  mulCoef,
  numberCoef,
  numericValue,
  ONE,
  scaleCoef,
  type Coef,
} from './coef.ts';

/** Operators with arguments that are not sums: E_v[·], Σ_k[·], log, sg, and products and ratios of non-scalars. */
export type FnKind = 'expect' | 'sumStates' | 'log' | 'stopGradient' | 'mul' | 'div';

export type ENode =
  /** A term without sub-expressions (an information term, L(x), log q, ∇log q, R_c, or the number 1). */
  | { readonly op: 'leaf'; readonly key: string; readonly expr: Expr }
  /**
   * A linear combination; `derived` when the saturation made it by substituting a summand by one of its sums (such a
   * sum is rewritten further but never substituted into another: sums of sums would otherwise grow without end).
   */
  | { readonly op: 'sum'; readonly terms: readonly (readonly [number, Coef])[]; readonly derived?: true }
  | { readonly op: 'fn'; readonly kind: FnKind; readonly v?: string; readonly args: readonly number[] };

/** Why two classes were merged: a law (at its left-hand side's leaf), the arithmetic, or congruence. */
export type Reason =
  | { readonly kind: 'law'; readonly law: string; readonly lhs: Expr; readonly rhs: Expr }
  | { readonly kind: 'arithmetic' }
  | { readonly kind: 'congruence' };

/** A linear form Σ c_i·C_i over classes, as the builder of sums keeps it. */
export type Linear = ReadonlyMap<number, Coef>;

/** Canonical key of a plain value: objects with their keys in order, so equal leaves hash alike however built. */
export const leafKey = (e: Expr): string => JSON.stringify(e, (_k, v) => (isPlainObject(v) ? sortedObject(v) : v));
const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const sortedObject = (v: Record<string, unknown>) =>
  Object.fromEntries(
    Object.keys(v)
      .sort()
      .map((k) => [k, v[k]]),
  );

const ONE_LEAF: Expr = { kind: 'const', value: 1 };

export class EGraph {
  private readonly parent: number[] = [];
  private readonly nodes: ENode[] = [];
  /** The class each node belongs to (up to `find`). */
  private readonly nodeClass: number[] = [];
  private memo = new Map<string, number>();
  /** Every merge with its reason, in order. */
  readonly unions: { readonly a: number; readonly b: number; readonly reason: Reason }[] = [];
  private pending = false;
  /** The class of the number 1: constants and hyper-parameters are multiples of it. */
  readonly one: number;

  constructor() {
    this.one = this.addNode({ op: 'leaf', key: leafKey(ONE_LEAF), expr: ONE_LEAF });
  }

  get size(): number {
    return this.nodes.length;
  }

  find(c: number): number {
    let r = c;
    while (this.parent[r] !== r) r = this.parent[r];
    let x = c;
    while (this.parent[x] !== r) {
      const next = this.parent[x];
      this.parent[x] = r;
      x = next;
    }
    return r;
  }

  private canonical(n: ENode): ENode {
    return match(n)
      .with({ op: 'leaf' }, (l) => l)
      .with({ op: 'fn' }, (f) => {
        const args = f.args.map((a) => this.find(a));
        return { ...f, args: f.kind === 'mul' ? args.sort((x, y) => x - y) : args };
      })
      .with({ op: 'sum' }, (s) => ({
        op: 'sum' as const,
        terms: this.canonicalTerms(s.terms),
        ...(s.derived && { derived: true as const }),
      }))
      .exhaustive();
  }

  private canonicalTerms(terms: Iterable<readonly [number, Coef]>): (readonly [number, Coef])[] {
    const merged = new Map<number, Coef>();
    for (const [c, k] of terms) {
      const r = this.find(c);
      merged.set(r, addCoef(merged.get(r) ?? new Map(), k));
    }
    return [...merged].filter(([, k]) => !isZeroCoef(k)).sort(([x], [y]) => x - y);
  }

  private key(n: ENode): string {
    return match(n)
      .with({ op: 'leaf' }, (l) => `L${l.key}`)
      .with({ op: 'fn' }, (f) => `F${f.kind}:${f.v ?? ''}(${f.args.join(',')})`)
      .with({ op: 'sum' }, (s) => `S(${s.terms.map(([c, k]) => `${c}:${coefKey(k)}`).join(';')})`)
      .exhaustive();
  }

  /** The class of a node, adding the node when it is new. */
  addNode(n: ENode): number {
    const canon = this.canonical(n);
    const k = this.key(canon);
    const known = this.memo.get(k);
    if (known !== undefined) {
      // a sum written by an expression is no longer derived, whoever made it first
      const had = this.nodes[known];
      if (had.op === 'sum' && had.derived && !(canon.op === 'sum' && canon.derived))
        this.nodes[known] = { op: 'sum', terms: had.terms };
      return this.find(known);
    }
    const id = this.parent.length;
    this.parent.push(id);
    this.nodes.push(canon);
    this.nodeClass.push(id);
    this.memo.set(k, id);
    // a sum of one class with coefficient 1 is that class
    if (canon.op === 'sum' && canon.terms.length === 1 && coefKey(canon.terms[0][1]) === coefKey(ONE))
      this.union(id, canon.terms[0][0], { kind: 'arithmetic' });
    return this.find(id);
  }

  /** The class of a linear form (like terms added up): the class itself when it is 1·C, else a sum node. */
  addLinear(l: Iterable<readonly [number, Coef]>, derived = false): number {
    const terms = this.canonicalTerms(l);
    if (terms.length === 1 && coefKey(terms[0][1]) === coefKey(ONE)) return terms[0][0];
    return this.addNode({ op: 'sum', terms, ...(derived && { derived: true as const }) });
  }

  union(a: number, b: number, reason: Reason): boolean {
    const [ra, rb] = [this.find(a), this.find(b)];
    if (ra === rb) return false;
    this.parent[Math.max(ra, rb)] = Math.min(ra, rb);
    this.unions.push({ a, b, reason });
    this.pending = true;
    return true;
  }

  /** Restore the invariants after merges: canonical nodes, one node per key, congruent nodes in one class. */
  rebuild(): void {
    while (this.pending) {
      this.pending = false;
      const memo = new Map<string, number>();
      this.nodes.forEach((n, i) => {
        const canon = this.canonical(n);
        this.nodes[i] = canon;
        if (canon.op === 'sum' && canon.terms.length === 1 && coefKey(canon.terms[0][1]) === coefKey(ONE))
          this.union(i, canon.terms[0][0], { kind: 'arithmetic' });
        const k = this.key(canon);
        const other = memo.get(k);
        if (other === undefined) memo.set(k, i);
        else this.union(this.nodeClass[other], this.nodeClass[i], { kind: 'congruence' });
      });
      this.memo = memo;
    }
  }

  /** Every class with its nodes (canonical after `rebuild`). */
  classes(): Map<number, ENode[]> {
    const out = new Map<number, ENode[]>();
    this.nodes.forEach((n, i) => {
      const c = this.find(this.nodeClass[i]);
      const list = out.get(c);
      if (list) list.push(n);
      else out.set(c, [n]);
    });
    return out;
  }

  /** The nodes of one class. */
  nodesOf(c: number): ENode[] {
    const r = this.find(c);
    return this.nodes.filter((_, i) => this.find(this.nodeClass[i]) === r);
  }

  /** The linear form of an expression: sums, negations and scalar factors are folded into coefficients. */
  linear(e: Expr): Linear {
    const single = (c: number): Linear => new Map([[c, ONE]]);
    const scale = (l: Linear, k: Coef): Linear => new Map([...l].map(([c, x]) => [c, mulCoef(x, k)] as const));
    const scalar = (l: Linear): Coef | undefined => {
      const terms = this.canonicalTerms(l);
      if (terms.length === 0) return new Map();
      return terms.length === 1 && terms[0][0] === this.find(this.one) ? terms[0][1] : undefined;
    };
    const fn = (kind: FnKind, args: readonly Expr[], v?: string): Linear =>
      single(this.addNode({ op: 'fn', kind, ...(v !== undefined && { v }), args: args.map((a) => this.add(a)) }));
    return match<Expr, Linear>(e)
      .with({ kind: 'add' }, (n) => {
        const out = new Map<number, Coef>();
        for (const t of n.terms) for (const [c, k] of this.linear(t)) out.set(c, addCoef(out.get(c) ?? new Map(), k));
        return out;
      })
      .with({ kind: 'neg' }, (n) => scale(this.linear(n.arg), numberCoef(-1)))
      .with({ kind: 'const' }, (n) => new Map([[this.one, numberCoef(n.value)]]))
      .with({ kind: 'hyper' }, (n) => new Map([[this.one, hyperCoef(n.name)]]))
      .with({ kind: 'mul' }, (n) => {
        const [l, r] = [this.linear(n.left), this.linear(n.right)];
        const [sl, sr] = [scalar(l), scalar(r)];
        if (sl) return scale(r, sl);
        if (sr) return scale(l, sr);
        return single(this.addNode({ op: 'fn', kind: 'mul', args: [this.addLinear(l), this.addLinear(r)] }));
      })
      .with({ kind: 'div' }, (n) => {
        const [l, r] = [this.linear(n.left), this.linear(n.right)];
        const d = scalar(r);
        const value = d && numericValue(d);
        if (value !== undefined && value !== 0) return scale(l, scaleCoef(ONE, 1 / value));
        return single(this.addNode({ op: 'fn', kind: 'div', args: [this.addLinear(l), this.addLinear(r)] }));
      })
      .with({ kind: 'log' }, (n) => {
        const s = scalar(this.linear(n.arg));
        const value = s && numericValue(s);
        // log of a positive number is a number (log 2 of Neural Bayes Eq. 3)
        if (value !== undefined && value > 0) return new Map([[this.one, numberCoef(Math.log(value))]]);
        return fn('log', [n.arg]);
      })
      .with({ kind: 'expect' }, (n) => fn('expect', [n.body], n.v))
      .with({ kind: 'sumStates' }, (n) => fn('sumStates', [n.body]))
      .with({ kind: 'stopGradient' }, (n) => fn('stopGradient', [n.arg]))
      .with(
        {
          kind: 'entropy',
        },
        { kind: 'condEntropy' },
        { kind: 'mutualInfo' },
        { kind: 'pairedInfo' },
        { kind: 'dataInfo' },
        { kind: 'pairedEntropy' },
        { kind: 'kl' },
        { kind: 'jsd' },
        { kind: 'crossEntropy' },
        { kind: 'regulariser' },
        { kind: 'output' },
        { kind: 'logDensity' },
        { kind: 'score' },
        (n) => single(this.addNode({ op: 'leaf', key: leafKey(n), expr: n })),
      )
      .exhaustive();
  }

  /** The class of an expression. */
  add(e: Expr): number {
    return this.addLinear(this.linear(e));
  }
}
