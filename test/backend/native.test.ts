/**
 * The native kernels against the plain wasm kernels (same process: uninstall → compute → install → compute), and
 * the convolution gradients against direct loops, so that a wrong kernel on either side fails.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { loadAddon } from '../../src/backend/addon.ts';
import { installNativeKernels, nativeKernelsInstalled, uninstallNativeKernels } from '../../src/backend/native.ts';
import { BATCH_NORM_GRAD } from '../../src/backend/batchnorm_grad.ts';
import { makeRng } from '../../src/data/rng.ts';
import { mlpStep } from '../../bench/peer/steps.ts';
import { pairCritic } from '../../src/estimate/networks.ts';

const load = loadAddon();
const rng = makeRng(7);
const rand = (shape: number[]) =>
  tf.tensor(
    Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.uniform() * 2 - 1),
    shape,
  );

/** Values of f() with plain wasm kernels and with native ones. */
function bothWays(f: () => tf.Tensor | tf.Tensor[]): { plain: Float32Array[]; native: Float32Array[] } {
  const run = () =>
    tf
      .tidy(() => [f()].flat())
      .map((t) => {
        const v = t.dataSync() as Float32Array;
        t.dispose();
        return v;
      });
  uninstallNativeKernels();
  const plain = run();
  installNativeKernels({ quiet: true });
  return { plain, native: run() };
}

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, rel = 1e-4): void {
  expect(actual.length).toBe(expected.length);
  let scale = 1,
    worst = 0;
  for (let i = 0; i < expected.length; i++) scale = Math.max(scale, Math.abs(expected[i]));
  for (let i = 0; i < expected.length; i++) {
    expect(Number.isFinite(actual[i])).toBe(true);
    worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
  }
  expect(worst).toBeLessThanOrEqual(rel * scale);
}

const expectSame = (f: () => tf.Tensor | tf.Tensor[]) => {
  const { plain, native } = bothWays(f);
  plain.forEach((p, i) => expectClose(native[i], p));
};

/** Direct-loop NHWC convolution and its two gradients for stride s, padding (top, left), dilation 1. */
function convLoops(x: tf.Tensor4D, w: tf.Tensor4D, dy: tf.Tensor4D, s: number, top: number, left: number) {
  const [n, h, wd, ic] = x.shape,
    [fh, fw, , oc] = w.shape,
    [, oh, ow] = dy.shape;
  const X = x.dataSync(),
    W = w.dataSync(),
    DY = dy.dataSync();
  const y = new Float64Array(n * oh * ow * oc),
    dx = new Float64Array(X.length),
    dw = new Float64Array(W.length);
  for (let b = 0; b < n; b++)
    for (let i = 0; i < oh; i++)
      for (let j = 0; j < ow; j++)
        for (let p = 0; p < fh; p++)
          for (let q = 0; q < fw; q++) {
            const r = i * s - top + p,
              c = j * s - left + q;
            if (r < 0 || r >= h || c < 0 || c >= wd) continue;
            for (let k = 0; k < ic; k++)
              for (let o = 0; o < oc; o++) {
                const xi = ((b * h + r) * wd + c) * ic + k,
                  wi = ((p * fw + q) * ic + k) * oc + o,
                  yi = ((b * oh + i) * ow + j) * oc + o;
                y[yi] += X[xi] * W[wi];
                dx[xi] += W[wi] * DY[yi];
                dw[wi] += X[xi] * DY[yi];
              }
          }
  return { y, dx, dw };
}

describe.skipIf(!load.ok)(
  `native kernels vs plain wasm${load.ok ? '' : ` — SKIPPED: ${load.reason} (build with: node native/build.mjs)`}`,
  () => {
    afterAll(() => {
      installNativeKernels({ quiet: true });
    });

    it('are registered for the wasm backend', () => {
      installNativeKernels({ quiet: true });
      expect(tf.getBackend()).toBe('wasm');
      expect(nativeKernelsInstalled()).toBe(true);
    });

    it.each([
      [false, false],
      [false, true],
      [true, false],
      [true, true],
    ])('matMul transposeA=%s transposeB=%s', (ta, tb) => {
      for (const [m, k, n] of [
        [37, 53, 29],
        [130, 300, 70],
        [1, 5, 1],
        [500, 10, 3],
      ]) {
        const a = rand(ta ? [k, m] : [m, k]),
          b = rand(tb ? [n, k] : [k, n]);
        expectSame(() => tf.matMul(a, b, ta, tb));
        tf.dispose([a, b]);
      }
    });

    it('batched matMul, with and without broadcasting the batch', () => {
      const a = rand([4, 3, 33, 20]),
        b = rand([4, 3, 20, 17]),
        b1 = rand([20, 17]),
        a1 = rand([1, 17, 20]);
      expectSame(() => [tf.matMul(a, b), tf.matMul(a, b1), tf.matMul(a1, b, true, true)]);
      tf.dispose([a, b, b1, a1]);
    });

    // Against the unfused ops on plain wasm: tfjs-backend-wasm 4.22's own _FusedMatMul is wrong with both transposes
    // and an activation (max error ≈ 4 on this case), so it cannot serve as the reference.
    const activate = (y: tf.Tensor, activation: string, alpha: tf.Tensor): tf.Tensor =>
      (
        ({
          linear: () => y,
          relu: () => tf.relu(y),
          relu6: () => tf.relu6(y),
          elu: () => tf.elu(y),
          leakyrelu: () => tf.leakyRelu(y, 0.3),
          sigmoid: () => tf.sigmoid(y),
          prelu: () => tf.prelu(y, alpha),
        }) as Record<string, () => tf.Tensor>
      )[activation]();

    it.each(['linear', 'relu', 'relu6', 'elu', 'leakyrelu', 'sigmoid', 'prelu'] as const)(
      'fused matMul + bias + %s',
      (activation) => {
        const a = rand([45, 70]),
          b = rand([70, 38]),
          bias = rand([38]),
          alpha = rand([38]);
        const prelu = activation === 'prelu' ? alpha : undefined;
        const values = (ts: tf.Tensor[]) => ts.map((t) => t.dataSync() as Float32Array);
        uninstallNativeKernels();
        const expected = tf.tidy(() =>
          values([
            activate(tf.add(tf.matMul(a, b), bias), activation, alpha),
            activate(tf.matMul(b, a, true, true), activation, alpha),
          ]),
        );
        installNativeKernels({ quiet: true });
        const actual = tf.tidy(() =>
          values([
            tf.fused.matMul({ a, b, bias, activation, leakyreluAlpha: 0.3, preluActivationWeights: prelu }),
            tf.fused.matMul({
              a: b,
              b: a,
              transposeA: true,
              transposeB: true,
              activation,
              leakyreluAlpha: 0.3,
              preluActivationWeights: prelu,
            }),
          ]),
        );
        expected.forEach((e, i) => expectClose(actual[i], e));
        tf.dispose([a, b, bias, alpha]);
      },
    );

    const convCases: [string, number[], number[], number, 'same' | 'valid' | number, number][] = [
      ['3x3 valid', [3, 12, 11, 5], [3, 3, 5, 7], 1, 'valid', 1],
      ['3x3 same stride 2', [2, 13, 10, 4], [3, 3, 4, 6], 2, 'same', 1],
      ['5x5 explicit pad 1 single channel', [4, 14, 14, 1], [5, 5, 1, 8], 1, 1, 1],
      ['1x1 pointwise', [2, 6, 7, 9], [1, 1, 9, 5], 1, 'valid', 1],
      ['3x3 dilation 2', [2, 12, 12, 3], [3, 3, 3, 4], 1, 'valid', 2],
    ];

    it.each(convCases)('conv2d forward: %s', (_, xs, ws, stride, pad, dilation) => {
      const x = rand(xs) as tf.Tensor4D,
        w = rand(ws) as tf.Tensor4D,
        bias = rand([ws[3]]);
      expectSame(() => [
        tf.conv2d(x, w, stride, pad, 'NHWC', dilation),
        tf.fused.conv2d({ x, filter: w, strides: stride, pad, dilations: dilation, bias, activation: 'relu' }),
      ]);
      tf.dispose([x, w, bias]);
    });

    it.each(convCases.filter((c) => c[5] === 1))(
      'conv2d gradients: %s (also against direct loops)',
      (_, xs, ws, stride, pad) => {
        const x = rand(xs) as tf.Tensor4D,
          w = rand(ws) as tf.Tensor4D;
        const y0 = tf.conv2d(x, w, stride, pad);
        const dy = rand(y0.shape) as tf.Tensor4D;
        const grads = () =>
          tf.grads((a: tf.Tensor, b: tf.Tensor) =>
            tf.sum(tf.mul(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, stride, pad), dy)),
          )([x, w]);
        const { plain, native } = bothWays(() => [tf.conv2d(x, w, stride, pad), ...grads()]);
        const info = tf.backend_util.computeConv2DInfo(x.shape, w.shape, stride, 1, pad);
        const ref = convLoops(x, w, dy, stride, info.padInfo.top, info.padInfo.left);
        [ref.y, ref.dx, ref.dw].forEach((r, i) => {
          expectClose(native[i], r);
          expectClose(plain[i], r);
        });
        tf.dispose([x, w, y0, dy]);
      },
    );

    /** Direct-loop max pooling and its gradient (each dy to the first maximum of its window, as tfjs-core's cpu kernel). */
    function poolLoops(x: tf.Tensor4D, dy: tf.Tensor4D, size: number, stride: number, pad: 'same' | 'valid') {
      const info = tf.backend_util.computePool2DInfo(x.shape, size, stride, 1, pad);
      const [n, h, w, c] = x.shape,
        X = x.dataSync(),
        DY = dy.dataSync();
      const y = new Float32Array(DY.length),
        dx = new Float32Array(X.length);
      for (let b = 0; b < n; b++)
        for (let i = 0; i < info.outHeight; i++)
          for (let j = 0; j < info.outWidth; j++)
            for (let k = 0; k < c; k++) {
              let best = -Infinity,
                at = -1;
              for (let p = 0; p < size; p++)
                for (let q = 0; q < size; q++) {
                  const r = i * stride - info.padInfo.top + p,
                    s = j * stride - info.padInfo.left + q;
                  if (r < 0 || r >= h || s < 0 || s >= w) continue;
                  const xi = ((b * h + r) * w + s) * c + k;
                  if (X[xi] > best) {
                    best = X[xi];
                    at = xi;
                  }
                }
              const yi = ((b * info.outHeight + i) * info.outWidth + j) * c + k;
              y[yi] = best;
              dx[at] += DY[yi];
            }
      return [y, dx];
    }

    // Against direct loops: tfjs-backend-wasm 4.22's own MaxPoolGrad disagrees with tfjs-core's cpu kernel (max error 1
    // on the first case with dy = 1), so it cannot serve as the reference.
    it.each([
      ['2x2 stride 2 valid', [3, 9, 8, 5], 2, 2, 'valid'],
      ['3x3 stride 2 same', [2, 7, 10, 4], 3, 2, 'same'],
      ['3x3 stride 1 same', [2, 6, 6, 3], 3, 1, 'same'],
      ['2x2 stride 2 valid, 20 channels (vector and scalar lanes)', [2, 9, 8, 20], 2, 2, 'valid'],
      ['3x3 stride 2 same, 32 channels', [2, 7, 7, 32], 3, 2, 'same'],
    ] as [string, number[], number, number, 'same' | 'valid'][])(
      'maxPool and its gradient: %s',
      (_, xs, size, stride, pad) => {
        installNativeKernels({ quiet: true });
        const x = rand(xs) as tf.Tensor4D;
        const y = tf.maxPool(x, size, stride, pad);
        const dy = rand(y.shape) as tf.Tensor4D;
        const [dx] = tf.grads((a: tf.Tensor) => tf.sum(tf.mul(tf.maxPool(a as tf.Tensor4D, size, stride, pad), dy)))([
          x,
        ]);
        const [refY, refDx] = poolLoops(x, dy, size, stride, pad);
        expectClose(y.dataSync(), refY);
        expectClose(dx.dataSync(), refDx);
        tf.dispose([x, y, dy, dx]);
      },
    );

    it('sum over leading, trailing, all and middle axes, with keepDims', () => {
      const x = rand([7, 5, 6, 33]),
        big = rand([300, 7, 250]);
      expectSame(() => [
        tf.sum(x, [0, 1, 2]),
        tf.sum(x, [2, 3]),
        tf.sum(x, -1, true),
        tf.sum(x),
        tf.sum(x, [0, 1], true),
        tf.sum(x, 1),
        tf.sum(x, [0, 3]),
        tf.sum(big, [0, 1]),
        tf.sum(big, 2),
      ]);
      const ints = tf.tensor2d(
        [
          [1, 2],
          [3, 4],
        ],
        [2, 2],
        'int32',
      );
      expect(Array.from(tf.sum(ints, 0).dataSync())).toEqual([4, 6]);
      tf.dispose([x, big, ints]);
    });

    it('add and multiply: equal shapes, bias, scalar and row broadcasts, and shapes left to the stock kernel', () => {
      const x = rand([40, 7, 30]),
        y = rand([40, 7, 30]),
        bias = rand([30]),
        row = rand([1, 7, 30]),
        col = rand([40, 7, 1]);
      const s = tf.scalar(1.7);
      expectSame(() => [
        tf.add(x, y),
        tf.mul(x, y),
        tf.add(x, bias),
        tf.mul(bias, x),
        tf.add(s, x),
        tf.mul(x, s),
        tf.add(row, x),
        tf.mul(x, col),
        tf.add(col, row),
        tf.add(tf.zeros([3]), tf.ones([3])),
      ]);
      tf.dispose([x, y, bias, row, col, s]);
    });

    it('sub and realDiv keep operand order under broadcasting', () => {
      const x = rand([40, 7, 30]),
        y = rand([40, 7, 30]).abs().add(0.5),
        bias = rand([30]).abs().add(0.5),
        s = tf.scalar(1.7);
      expectSame(() => [
        tf.sub(x, y),
        tf.div(x, y),
        tf.sub(x, bias),
        tf.sub(bias, x),
        tf.div(x, bias),
        tf.div(bias, y),
        tf.sub(s, x),
        tf.div(y, s),
      ]);
      tf.dispose([x, y, bias, s]);
    });

    it('mean over leading, trailing and middle axes', () => {
      const x = rand([9, 6, 7, 40]);
      expectSame(() => [tf.mean(x, [0, 1, 2]), tf.mean(x, [0, 1, 2], true), tf.mean(x, -1), tf.mean(x), tf.mean(x, 1)]);
      x.dispose();
    });

    it('batchNorm with and without offset and scale, and batch-norm training gradients', () => {
      const x = rand([8, 6, 6, 16]),
        mean = rand([16]),
        variance = rand([16]).abs().add(0.1),
        offset = rand([16]),
        scale = rand([16]);
      const train = (a: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => {
        const m = tf.moments(a, [0, 1, 2]);
        return tf.sum(tf.square(tf.batchNorm(a as tf.Tensor4D, m.mean, m.variance, b, g, 1e-5)));
      };
      expectSame(() => [
        tf.batchNorm(x, mean, variance, offset, scale, 1e-3),
        tf.batchNorm(x, mean, variance),
        tf.batchNorm(
          x,
          mean.reshape([1, 1, 1, 16]),
          variance.reshape([1, 1, 1, 16]),
          undefined,
          scale.reshape([1, 1, 1, 16]),
        ),
        ...tf.grads(train)([x, scale, offset]),
      ]);
      tf.dispose([x, mean, variance, offset, scale]);
    });

    // (tfjs-core itself cannot differentiate batchNorm without both scale and offset: the tape trips on the missing
    // input.)
    it('the fused batch-norm gradient matches tfjs-core for every input, directly and through batch statistics', async () => {
      const x = rand([6, 5, 5, 24]),
        mean = rand([24]),
        variance = rand([24]).abs().add(0.2),
        offset = rand([24]),
        scale = rand([24]);
      const dy = rand([6, 5, 5, 24]),
        x2 = rand([300, 20]),
        dy2 = rand([300, 20]);
      const weighted = (y: tf.Tensor, w: tf.Tensor) => tf.sum(tf.mul(y, w));
      expectSame(() => [
        ...tf.grads((a: tf.Tensor, m: tf.Tensor, v: tf.Tensor, b: tf.Tensor, g: tf.Tensor) =>
          weighted(tf.batchNorm(a as tf.Tensor4D, m, v, b, g, 1e-3), dy),
        )([x, mean, variance, offset, scale]),
        // through batch statistics, on a 2-D input as an MLP's BatchNorm sees it
        ...tf.grads((a: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => {
          const m = tf.moments(a, 0);
          return weighted(tf.batchNorm(a as tf.Tensor2D, m.mean, m.variance, b, g, 1e-5), dy2);
        })([x2, scale.slice(0, 20), offset.slice(0, 20)]),
      ]);
      installNativeKernels({ quiet: true });
      const profile = await tf.profile(() =>
        tf.grads((a: tf.Tensor) => weighted(tf.batchNorm(a as tf.Tensor4D, mean, variance, offset, scale), dy))([x]),
      );
      expect(profile.kernelNames).toContain(BATCH_NORM_GRAD);
      tf.dispose([x, mean, variance, offset, scale, dy, x2, dy2]);
    });

    it('sum and mean gradients (broadcast instead of a ones tensor) match tfjs-core', () => {
      const x = rand([7, 6, 5, 12]);
      const cases: [number | number[] | undefined, boolean][] = [
        [[0, 1, 2], false],
        [[0, 1, 2], true],
        [-1, false],
        [undefined, false],
        [1, true],
        [[0, 3], false],
      ];
      expectSame(() =>
        cases.flatMap(([axis, keepDims]) => {
          const w = tf.onesLike(tf.sum(x, axis, keepDims)).mul(1.5);
          return [
            tf.grad((a: tf.Tensor) => tf.sum(tf.mul(tf.sum(a, axis, keepDims), w)))(x),
            tf.grad((a: tf.Tensor) => tf.sum(tf.mul(tf.mean(a, axis, keepDims), w)))(x),
          ];
        }),
      );
      x.dispose();
    });

    it('tile of float32 and int32 tensors', () => {
      const x = rand([1, 1, 1, 24]),
        y = rand([3, 5]),
        z = tf.range(0, 30, 1, 'int32').reshape([2, 3, 5]);
      const { plain, native } = bothWays(() => [
        tf.tile(x, [4, 5, 6, 1]),
        tf.tile(y, [70, 20]),
        tf.tile(tf.reshape(y, [15]), [300]),
        tf.tile(z, [30, 2, 3]) as tf.Tensor,
      ]);
      plain.forEach((p, i) => expect(Array.from(native[i])).toEqual(Array.from(p)));
      tf.dispose([x, y, z]);
    });

    it('relu and step (the ReLU gradient), with NaN and a step alpha', () => {
      const values = Array.from({ length: 5000 }, (_, i) =>
        i % 97 === 0 ? NaN : i % 13 === 0 ? 0 : rng.uniform() * 2 - 1,
      );
      const x = tf.tensor1d(values);
      const { plain, native } = bothWays(() => [tf.relu(x), tf.step(x), tf.step(x, 0.25)]);
      plain.forEach((p, i) => expect(Array.from(native[i])).toEqual(Array.from(p)));
      expect(Number.isNaN(native[1][0])).toBe(true);
      expect(native[2][13]).toBe(0.25);
      x.dispose();
    });

    it('softplus (the Bernoulli log-likelihood with logits), across its thresholds and on NaN', () => {
      const values = Array.from({ length: 6000 }, (_, i) => (i % 101 === 0 ? NaN : (rng.uniform() * 2 - 1) * 40));
      const x = tf.tensor1d(values);
      const { plain, native } = bothWays(() => [tf.softplus(x)]);
      for (let i = 0; i < values.length; i++) {
        if (Number.isNaN(values[i])) expect(Number.isNaN(native[0][i])).toBe(true);
        else
          expect(Math.abs(native[0][i] - plain[0][i])).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(plain[0][i])));
      }
      x.dispose();
    });

    it('Identity and same-dtype Cast share data without leaking it', () => {
      const x = rand([10, 10]);
      const before = tf.memory().numTensors,
        bytes = tf.memory().numBytes;
      for (let i = 0; i < 100; i++) {
        const c = tf.clone(x),
          d = tf.cast(c, 'float32'),
          e = tf.cast(d, 'int32');
        expect(e.dtype).toBe('int32');
        tf.dispose([c, d, e]);
      }
      expect(tf.memory().numTensors).toBe(before);
      expect(tf.memory().numBytes).toBe(bytes);
      const c = tf.clone(x);
      x.dispose();
      expect(c.dataSync().length).toBe(100); // the clone outlives the original
      c.dispose();
    });

    it('an MLP training gradient matches and leaks no tensors', () => {
      const x = rand([64, 30]),
        w1 = rand([30, 40]),
        w2 = rand([40, 10]),
        b1 = rand([40]);
      const loss = (a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) =>
        tf.mean(
          tf
            .softmax(tf.matMul(tf.relu(tf.add(tf.matMul(x, a), c)), b))
            .log()
            .neg(),
        );
      const before = tf.memory().numTensors;
      expectSame(() => tf.grads(loss)([w1, w2, b1]));
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose([x, w1, w2, b1]);
    });

    it('the fused pair critic matches the composed ops: values, every gradient, batch tails, widths, outputs', () => {
      // B = 37 and 5 leave a partial vector of pairs on AVX2 and AVX-512; [5, 7, 3] has three hidden layers
      for (const [B, dx, dy, hidden, outputs] of [
        [37, 3, 2, [16, 8], 1],
        [5, 1, 1, [16, 8], 2],
        [64, 4, 6, [5, 7, 3], 2],
      ] as const) {
        const net = pairCritic(dx, dy, hidden, outputs, B);
        const [x, y] = [rand([B, dx]), rand([B, dy])] as tf.Tensor2D[];
        const weight = rand([outputs, B, B]); // a loss that reads every output with its own weight
        const loss = () => tf.sum(tf.mul(net.pairs(x, y), weight)) as tf.Scalar;
        const before = tf.memory().numTensors;
        expectSame(() => {
          const { value, grads } = tf.variableGrads(loss, net.variables);
          return [net.pairs(x, y), value, ...net.variables.map((v) => grads[v.name])];
        });
        expect(tf.memory().numTensors).toBe(before);
        tf.dispose([x, y, weight]);
        net.dispose();
      }
    });

    it('training steps hold tensor count and wasm heap allocations flat', async () => {
      installNativeKernels({ quiet: true });
      const step = mlpStep(64);
      await step.run();
      const tensors = tf.memory().numTensors,
        dataIds = tf.engine().backend.numDataIds();
      for (let i = 0; i < 30; i++) expect(Number.isFinite(await step.run())).toBe(true);
      expect(tf.memory().numTensors).toBe(tensors);
      expect(tf.engine().backend.numDataIds()).toBe(dataIds);
      step.dispose();
    });
  },
);

describe('plain wasm Conv2DBackpropFilter (tfjs-backend-wasm ships none)', () => {
  it('matches direct loops', () => {
    uninstallNativeKernels();
    try {
      const x = rand([2, 9, 8, 3]) as tf.Tensor4D,
        w = rand([3, 3, 3, 4]) as tf.Tensor4D;
      const dy = rand([2, 5, 4, 4]) as tf.Tensor4D;
      const [dw] = tf.grads((f: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(x, f as tf.Tensor4D, 2, 'same'), dy)))([w]);
      const info = tf.backend_util.computeConv2DInfo(x.shape, w.shape, 2, 1, 'same');
      expectClose(dw.dataSync(), convLoops(x, w, dy, 2, info.padInfo.top, info.padInfo.left).dw);
      tf.dispose([x, w, dy, dw]);
    } finally {
      installNativeKernels({ quiet: true });
    }
  });
});
