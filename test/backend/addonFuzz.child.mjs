// The addon fuzz driver (addonFuzz.test.ts runs it in a child process, so a crash fails the test instead of ending
// vitest). Every N-API entry is called once as its callers call it, then with each argument broken in turn: negative,
// fractional, NaN and huge dimensions, offsets past the heap, misaligned or negative, typed arrays one element short
// or of the wrong type, a string for any argument, the last argument missing, plus each entry's own broken cases
// (batches that do not broadcast, shape and reps of different lengths, ...). One JSON line per call:
// { entry, mutation, mustReject, threw, code, message }. Usage: node addonFuzz.child.mjs <addon.node>
import { createRequire } from 'node:module';

const addon = createRequire(import.meta.url)(process.argv[2]);

/** A heap holding the given float counts back to back, the last one ending exactly at the heap's end. */
function heapOf(...counts) {
  const offsets = [];
  let top = 0;
  for (const n of counts) {
    offsets.push(top);
    top += Math.ceil(n / 16) * 16 * 4;
  }
  const last = counts[counts.length - 1];
  const length = offsets[offsets.length - 1] + last * 4;
  const buffer = new ArrayBuffer(length);
  new Float32Array(buffer).fill(0.5);
  return { buffer, offsets };
}

// Argument tags: heap, off (a tensor's byte offset; optional ones may be -1), dim (a size; `grows` when a larger
// value needs more elements of a typed array argument, which is exact-length here), num (a free number), i32 (an
// Int32Array of dimensions), f32/f64 (data arrays), arr (matmul's epilogue).
const heap = (buffer) => ({ tag: 'heap', value: buffer });
const off = (value, optional = false) => ({ tag: 'off', value, optional });
const dim = (value, grows = false) => ({ tag: 'dim', value, grows });
const num = (value) => ({ tag: 'num', value });
const i32 = (values) => ({ tag: 'i32', value: Int32Array.from(values) });
const f32 = (n) => ({ tag: 'f32', value: new Float32Array(n).fill(0.5) });
const f64 = (n, fill = 0.5) => ({ tag: 'f64', value: new Float64Array(n).fill(fill) });
const arr = (values) => ({ tag: 'arr', value: values });

function spd(n) {
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) a[i * n + j] = i === j ? n + 1 : 1 / (1 + i + j);
  return { tag: 'f64', value: a };
}

/** Each entry: its name, a fresh valid argument list, and its own broken variants ([label, args]). */
const entries = [
  {
    name: 'matmul',
    args() {
      const { buffer, offsets } = heapOf(2 * 3 * 4, 2 * 4 * 5, 2 * 3 * 5, 5);
      return [
        heap(buffer),
        off(offsets[0]),
        off(offsets[1]),
        off(offsets[2]),
        dim(2),
        dim(2),
        dim(3),
        dim(5),
        dim(4),
        num(0),
        num(0),
        arr([offsets[3], 1, 0]),
      ];
    },
    extra(args) {
      const set = (i, v) => args.map((a, k) => (k === i ? { ...a, value: v } : a));
      return [
        ['batchA 2, batchB 3 (no broadcast)', set(5, 3)],
        ['bias past the heap', set(11, [args[0].value.byteLength, 0, 0])],
        ['bias misaligned', set(11, [args[11].value[0] + 2, 0, 0])],
        ['unknown activation', set(11, [-1, 17, 0])],
        ['epilogue of two', set(11, [-1, 0])],
        ['epilogue of strings', set(11, ['a', 'b', 'c'])],
      ];
    },
  },
  ...['conv2d', 'conv2dBackpropInput', 'conv2dBackpropFilter'].map((name) => ({
    name,
    args() {
      // [batch, inH, inW, inC, outH, outW, outC, fH, fW, strideH, strideW, dilH, dilW, padTop, padLeft]
      const dims = [2, 5, 5, 3, 5, 5, 4, 3, 3, 1, 1, 1, 1, 1, 1];
      const x = 2 * 5 * 5 * 3,
        w = 3 * 3 * 3 * 4,
        y = 2 * 5 * 5 * 4;
      const sizes = { conv2d: [x, w, y], conv2dBackpropInput: [y, w, x], conv2dBackpropFilter: [x, y, w] }[name];
      const { buffer, offsets } = heapOf(...sizes);
      return [heap(buffer), i32(dims), off(offsets[0]), off(offsets[1]), off(offsets[2])];
    },
    extra(args) {
      const dims = (k, v) => args.map((a, i) => (i === 1 ? i32(a.value.map((d, j) => (j === k ? v : d))) : a));
      return [
        [
          'a 1×1 filter whose output is larger than its input (bottom padding)',
          (() => {
            const x = 1 * 2 * 2 * 3,
              w = 3 * 4,
              y = 1 * 6 * 6 * 4;
            const sizes = { conv2d: [x, w, y], conv2dBackpropInput: [y, w, x], conv2dBackpropFilter: [x, y, w] }[name];
            const { buffer, offsets } = heapOf(...sizes);
            return [
              heap(buffer),
              i32([1, 2, 2, 3, 6, 6, 4, 1, 1, 1, 1, 1, 1, 0, 0]),
              off(offsets[0]),
              off(offsets[1]),
              off(offsets[2]),
            ];
          })(),
          false,
        ],
        ['batch 2^24', dims(0, 1 << 24)],
        ['stride 0', dims(9, 0)],
        ['dilation 0', dims(11, 0)],
        ['negative padding', dims(13, -1)],
      ];
    },
  })),
  {
    name: 'conv2d (fused bias and activation)',
    call: 'conv2d',
    optionalTail: true, // without alpha it is the plain conv2d
    args() {
      const { buffer, offsets } = heapOf(2 * 5 * 5 * 3, 3 * 3 * 3 * 4, 4, 2 * 5 * 5 * 4);
      return [
        heap(buffer),
        i32([2, 5, 5, 3, 5, 5, 4, 3, 3, 1, 1, 1, 1, 1, 1]),
        off(offsets[0]),
        off(offsets[1]),
        off(offsets[3]),
        off(offsets[2], true),
        num(1),
        num(0),
      ];
    },
    extra(args) {
      return [['activation 9', args.map((a, i) => (i === 6 ? { ...a, value: 9 } : a))]];
    },
  },
  ...['maxPool', 'maxPoolGrad'].map((name) => ({
    name,
    args() {
      // [batch, inH, inW, channels, outH, outW, fH, fW, strideH, strideW, padTop, padLeft]
      const dims = [2, 6, 6, 3, 3, 3, 2, 2, 2, 2, 0, 0];
      const x = 2 * 6 * 6 * 3,
        y = 2 * 3 * 3 * 3;
      const { buffer, offsets } = name === 'maxPool' ? heapOf(x, y) : heapOf(x, y, x);
      return [heap(buffer), i32(dims), ...offsets.map((o) => off(o))];
    },
    extra(args) {
      return [
        ['channels 2^24', args.map((a, i) => (i === 1 ? i32(a.value.map((d, j) => (j === 3 ? 1 << 24 : d))) : a))],
      ];
    },
  })),
  {
    name: 'sum',
    args() {
      const { buffer, offsets } = heapOf(6 * 7, 7);
      return [heap(buffer), off(offsets[0]), dim(6), dim(7), num(1), off(offsets[1]), num(1)];
    },
  },
  {
    name: 'binary',
    args() {
      const { buffer, offsets } = heapOf(12, 4, 12);
      return [heap(buffer), dim(0), off(offsets[0]), off(offsets[1]), dim(12), dim(4), off(offsets[2]), num(0)];
    },
    extra(args) {
      const set = (i, v) => args.map((a, k) => (k === i ? { ...a, value: v } : a));
      return [
        ['op 4', set(1, 4)],
        ['period not dividing n', set(5, 5)],
      ];
    },
  },
  {
    name: 'unary',
    args() {
      const { buffer, offsets } = heapOf(10, 10);
      return [heap(buffer), dim(0), off(offsets[0]), dim(10), num(0.2), off(offsets[1])];
    },
    extra(args) {
      return [['op 3', args.map((a, k) => (k === 1 ? { ...a, value: 3 } : a))]];
    },
  },
  {
    name: 'adam',
    args() {
      const { buffer, offsets } = heapOf(9, 9, 9, 9, 1, 1, 9, 9, 9);
      const o = offsets.map((v) => off(v));
      return [heap(buffer), ...o.slice(0, 6), dim(9), ...o.slice(6), num(0.9), num(0.999), num(1e-8), num(0.01)];
    },
  },
  {
    name: 'batchNorm',
    args() {
      const { buffer, offsets } = heapOf(12, 3, 3, 3, 3, 12);
      return [
        heap(buffer),
        off(offsets[0]),
        dim(12),
        dim(3),
        off(offsets[1]),
        off(offsets[2]),
        off(offsets[3], true),
        off(offsets[4], true),
        num(1e-3),
        off(offsets[5]),
      ];
    },
    extra(args) {
      return [['channels not dividing n', args.map((a, k) => (k === 3 ? { ...a, value: 5 } : a))]];
    },
  },
  {
    name: 'batchNormGrad',
    args() {
      const { buffer, offsets } = heapOf(12, 12, 3, 3, 3, 12);
      return [
        heap(buffer),
        off(offsets[0]),
        off(offsets[1]),
        dim(12),
        dim(3, true),
        off(offsets[2]),
        off(offsets[3]),
        off(offsets[4], true),
        num(1e-3),
        off(offsets[5]),
        f64(6),
      ];
    },
  },
  {
    name: 'tile',
    args() {
      const { buffer, offsets } = heapOf(6, 24);
      return [heap(buffer), off(offsets[0]), i32([2, 3]), i32([2, 2]), off(offsets[1])];
    },
    extra(args) {
      const set = (i, v) => args.map((a, k) => (k === i ? i32(v) : a));
      return [
        ['shape and reps of different lengths', set(3, [2])],
        ['empty shape and reps', [args[0], args[1], i32([]), i32([]), args[4]]],
        ['a zero rep', set(3, [0, 2])],
        ['a negative shape', set(2, [-2, 3])],
        ['reps overflowing the output', set(3, [1 << 30, 1 << 30])],
        ['rank 40', [args[0], args[1], i32(Array(40).fill(1)), i32(Array(40).fill(1)), args[4]]],
      ];
    },
  },
  ...['pairMlp', 'pairMlpGrad'].map((name) => ({
    name,
    args() {
      // B = 4, K = 2, widths [h0 = 3, 5, 2]
      const B = 4,
        K = 2,
        h0 = 3;
      const counts = [B * h0, B * h0, 3 * 5, 5, 5 * 2, 2, B * K * 2];
      if (name === 'pairMlpGrad') counts.push(B * h0, B * h0, 3 * 5, 5, 5 * 2, 2);
      const { buffer, offsets } = heapOf(...counts);
      const base = [
        heap(buffer),
        off(offsets[0]),
        off(offsets[1]),
        dim(B),
        dim(K),
        i32([h0, 5, 2]),
        i32(offsets.slice(2, 6)),
      ];
      if (name === 'pairMlp') return [...base, off(offsets[6])];
      return [...base, off(offsets[6]), off(offsets[7]), off(offsets[8]), i32(offsets.slice(9, 13))];
    },
    extra(args) {
      const set = (i, v) => args.map((a, k) => (k === i ? { ...a, value: v } : a));
      const extra = [
        ['K > B', set(4, 5)],
        ['a zero width', set(5, Int32Array.from([3, 0, 2]))],
        ['a width of 2^30', set(5, Int32Array.from([3, 1 << 30, 2]))],
        ['a layer offset past the heap', set(6, Int32Array.from([0, 0, 0, args[0].value.byteLength]))],
        ['a misaligned layer offset', set(6, Int32Array.from([2, 0, 0, 0]))],
        ['one layer offset missing', set(6, Int32Array.from([0, 0, 0]))],
      ];
      if (args.length > 8) {
        extra.push(['a gradient offset past the heap', set(10, Int32Array.from([0, 0, 0, args[0].value.byteLength]))]);
        extra.push(['one gradient offset missing', set(10, Int32Array.from([0, 0, 0]))]);
      }
      return extra;
    },
  })),
  {
    name: 'eigSym',
    args: () => [spd(4), dim(4, true), f64(4), f64(16)],
    extra: (args) => [['n 100000', [args[0], dim(100000), args[2], args[3]]]],
  },
  {
    name: 'eigSymTop',
    args: () => [spd(4), dim(4, true), num(0.99), dim(0), f64(4), f64(16)],
    extra: (args) => [
      ['vectors n×(count − 1) for count 2', [args[0], args[1], args[2], dim(2), args[4], f64(4)]],
      ['count −1', [args[0], args[1], args[2], dim(-1), args[4], args[5]]],
    ],
  },
  {
    name: 'rbfGram',
    args: () => [f32(4 * 3), dim(4, true), dim(3, true), num(0), num(1e-6), f64(16), f64(4)],
  },
  { name: 'info', args: () => [] },
  { name: 'fmaPeak', args: () => [dim(1), num(0.001)], extra: (args) => [['threads 1000', [dim(1000), args[1]]]] },
  {
    name: 'gemmRate',
    args: () => [dim(8), dim(8), dim(8), num(0), num(0), num(1), num(0.001)],
    extra: (args) => [['operands over 4 GB', [dim(1 << 20), dim(1 << 20), ...args.slice(2)]]],
  },
];

/** The generic broken variants of one valid argument list: [label, args, mustReject]. */
function* mutations(args, optionalTail) {
  const with_ = (i, a) => args.map((v, k) => (k === i ? a : v));
  for (const [i, a] of args.entries()) {
    const at = `argument ${i} (${a.tag})`;
    yield [`${at}: a string`, with_(i, { tag: 'str', value: 'x' }), true];
    if (a.tag === 'dim') {
      for (const v of [-1, -(2 ** 40), 1.5, Number.NaN, Number.POSITIVE_INFINITY, 1e13])
        yield [`${at} = ${v}`, with_(i, { ...a, value: v }), true];
      yield [`${at} = 0`, with_(i, { ...a, value: 0 }), false];
      yield [`${at} + 1`, with_(i, { ...a, value: a.value + 1 }), a.grows];
      yield [`${at} = 2^31`, with_(i, { ...a, value: 2 ** 31 }), true];
    }
    if (a.tag === 'off') {
      const past = args[0].value.byteLength;
      yield [`${at} past the heap`, with_(i, { ...a, value: past }), true];
      yield [`${at} misaligned`, with_(i, { ...a, value: a.value + 2 }), true];
      yield [`${at} fractional`, with_(i, { ...a, value: a.value + 0.5 }), true];
      yield [`${at} NaN`, with_(i, { ...a, value: Number.NaN }), true];
      yield [`${at} = −8`, with_(i, { ...a, value: -8 }), !a.optional];
      yield [`${at} = 2^53`, with_(i, { ...a, value: 2 ** 53 }), true];
    }
    if (a.tag === 'heap') {
      yield [`${at}: a heap 4 bytes short`, with_(i, heap(a.value.slice(0, a.value.byteLength - 4))), true];
      yield [`${at}: an empty heap`, with_(i, heap(new ArrayBuffer(0))), true];
      yield [
        `${at}: a Float32Array, not an ArrayBuffer`,
        with_(i, { tag: 'f32', value: new Float32Array(a.value) }),
        true,
      ];
    }
    if (a.tag === 'i32') {
      yield [`${at}: one value short`, with_(i, i32(a.value.slice(0, -1))), true];
      for (const [k] of a.value.entries()) {
        yield [`${at}[${k}] = −1`, with_(i, i32(a.value.map((v, j) => (j === k ? -1 : v)))), true];
        yield [`${at}[${k}] = 2^30`, with_(i, i32(a.value.map((v, j) => (j === k ? 2 ** 30 : v)))), true];
      }
      yield [`${at}: a Float32Array`, with_(i, { tag: 'f32', value: Float32Array.from(a.value) }), true];
    }
    if (a.tag === 'f32' || a.tag === 'f64') {
      const Short = a.tag === 'f32' ? Float32Array : Float64Array;
      yield [`${at}: one element short`, with_(i, { ...a, value: new Short(a.value.length - 1) }), true];
      const Other = a.tag === 'f32' ? Float64Array : Float32Array;
      yield [`${at}: the other float type`, with_(i, { ...a, value: new Other(a.value.length) }), true];
    }
  }
  if (args.length > 0) yield ['the last argument missing', args.slice(0, -1), !optionalTail];
}

for (const entry of entries) {
  const fn = addon[entry.call ?? entry.name];
  const run = (mutation, args, mustReject) => {
    let threw = false,
      code,
      message;
    try {
      fn.apply(
        addon,
        args.map((a) => a.value),
      );
    } catch (e) {
      threw = true;
      code = e.code;
      message = String(e.message).slice(0, 200);
    }
    console.log(JSON.stringify({ entry: entry.name, mutation, mustReject, threw, code, message }));
  };
  run('valid', entry.args(), false);
  for (const [label, args, mustReject = true] of entry.extra?.(entry.args()) ?? []) run(label, args, mustReject);
  for (const [label, args, mustReject] of mutations(entry.args(), entry.optionalTail)) run(label, args, mustReject);
}
console.log(JSON.stringify({ done: true }));
