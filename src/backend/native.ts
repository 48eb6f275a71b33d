/**
 * Native kernels for the wasm backend: the heavy kernels (matrix products, convolutions and their gradients, pooling,
 * bias-gradient sums, the large element-wise passes) are re-registered for backend 'wasm' so that they run in the C++
 * addon on the wasm heap in place, while every other kernel stays the stock wasm one. Identity and same-dtype Cast
 * become copy-free with or without the addon. Without the addon, plain wasm kernels run and one line says so.
 */
import * as tf from '../tf.ts';
import type { KernelConfig, KernelFunc } from '../tf.ts';
import { BUILD_HINT, loadAddon } from './addon.ts';
import { installBatchNormGrad, uninstallBatchNormGrad } from './batchnorm_grad.ts';
import { installReduceGrads, uninstallReduceGrads } from './reduce_grads.ts';
import { ADAM_KERNEL, adamKernel } from './adam_kernel.ts';
import { PAIR_MLP_GRAD_KERNEL, PAIR_MLP_KERNEL, pairMlpGradKernel, pairMlpKernel } from './pair_mlp_kernel.ts';
import { conv2DBackpropFilterWasmConfig } from './conv_filter_wasm.ts';
import { convKernels } from './conv_kernels.ts';
import { elementwiseKernels } from './elementwise_kernels.ts';
import { matMulKernels } from './matmul_kernels.ts';
import { poolReduceKernels } from './pool_reduce_kernels.ts';
import { zeroCopyKernels } from './zero_copy.ts';
import { installTransposeFreeMatMul, uninstallTransposeFreeMatMul } from './transpose_free_matmul.ts';

/** What `installNativeKernels` did: which kernels are native, or why none are. */
export type NativeStatus =
  | { native: true; isa: string; threads: number; kernels: string[] }
  | { native: false; reason: string; kernels: string[] };

const replaced = new Map<string, KernelConfig | undefined>();
let warned = false;

/** Gives the wasm backend a Conv2DBackpropFilter kernel if it has none (tfjs-backend-wasm 4.22 ships none). */
export function ensureWasmConvFilterKernel(): void {
  if (!tf.getKernel(tf.Conv2DBackpropFilter, 'wasm')) tf.registerKernel(conv2DBackpropFilterWasmConfig);
}

function swap(name: string, kernelFunc: KernelFunc): void {
  const original = tf.getKernel(name, 'wasm');
  replaced.set(name, original);
  if (original) tf.unregisterKernel(name, 'wasm');
  tf.registerKernel({
    kernelName: name,
    backendName: 'wasm',
    kernelFunc,
    setupFunc: original?.setupFunc,
    disposeFunc: original?.disposeFunc,
  });
}

/**
 * Registers the native kernels for 'wasm' (idempotent). Without the addon it prints one line and leaves the plain
 * wasm kernels in place, with matMul's transposes made explicit (transpose_free_matmul.ts); `quiet` suppresses
 * that line.
 */
export function installNativeKernels({ quiet = false } = {}): NativeStatus {
  ensureWasmConvFilterKernel();
  const orig = (name: string) => (replaced.has(name) ? replaced.get(name) : tf.getKernel(name, 'wasm'))?.kernelFunc;
  if (!replaced.has(tf.Identity)) {
    const zc = zeroCopyKernels({ identity: orig(tf.Identity), cast: orig(tf.Cast) });
    swap(tf.Identity, zc.identity);
    swap(tf.Cast, zc.cast);
  }
  const load = loadAddon();
  if (!load.ok) installTransposeFreeMatMul();
  else uninstallTransposeFreeMatMul(); // the native matMul takes transpose flags at full speed
  if (!load.ok) {
    if (!quiet && !warned) {
      warned = true;
      console.warn(
        `info-objectives: native kernels unavailable (${load.reason}); using the plain wasm kernels (slower). Build them with: ${BUILD_HINT}`,
      );
    }
    return { native: false, reason: load.reason, kernels: [...replaced.keys()] };
  }
  if (load.notes.length > 0 && !quiet && !warned) {
    warned = true;
    console.warn(`info-objectives: native kernels: ${load.notes.join('; ')}; using the ${load.isa} build`);
  }
  const { addon } = load;
  if (!replaced.has(tf.BatchMatMul)) {
    const mm = matMulKernels(addon, { batchMatMul: orig(tf.BatchMatMul), fusedMatMul: orig(tf._FusedMatMul) });
    const conv = convKernels(addon, {
      conv2D: orig(tf.Conv2D),
      fusedConv2D: orig(tf.FusedConv2D),
      backpropInput: orig(tf.Conv2DBackpropInput),
      backpropFilter: orig(tf.Conv2DBackpropFilter),
    });
    const pr = poolReduceKernels(addon, {
      maxPool: orig(tf.MaxPool),
      maxPoolGrad: orig(tf.MaxPoolGrad),
      sum: orig(tf.Sum),
      mean: orig(tf.Mean),
    });
    const ew = elementwiseKernels(addon, {
      add: orig(tf.Add),
      sub: orig(tf.Sub),
      multiply: orig(tf.Multiply),
      div: orig(tf.RealDiv),
      relu: orig(tf.Relu),
      step: orig(tf.Step),
      softplus: orig(tf.Softplus),
      batchNorm: orig(tf.FusedBatchNorm),
      tile: orig(tf.Tile),
    });
    const kernels: [string, KernelFunc][] = [
      [tf.BatchMatMul, mm.batchMatMul],
      [tf._FusedMatMul, mm.fusedMatMul],
      [tf.Conv2D, conv.conv2D],
      [tf.FusedConv2D, conv.fusedConv2D],
      [tf.Conv2DBackpropInput, conv.backpropInput],
      [tf.Conv2DBackpropFilter, conv.backpropFilter],
      [tf.MaxPool, pr.maxPool],
      [tf.MaxPoolGrad, pr.maxPoolGrad],
      [tf.Sum, pr.sum],
      [tf.Mean, pr.mean],
      [tf.Add, ew.add],
      [tf.Sub, ew.sub],
      [tf.Multiply, ew.multiply],
      [tf.RealDiv, ew.div],
      [tf.Relu, ew.relu],
      [tf.Step, ew.step],
      [tf.Softplus, ew.softplus],
      [tf.FusedBatchNorm, ew.batchNorm],
      [tf.Tile, ew.tile],
      [ADAM_KERNEL, adamKernel(addon)],
      [PAIR_MLP_KERNEL, pairMlpKernel(addon)],
      [PAIR_MLP_GRAD_KERNEL, pairMlpGradKernel(addon)],
    ];
    for (const [name, kernelFunc] of kernels) swap(name, kernelFunc);
  }
  installBatchNormGrad(addon);
  installReduceGrads();
  const { isa, threads } = addon.info();
  return { native: true, isa, threads, kernels: [...replaced.keys()] };
}

/** Puts the kernels that `installNativeKernels` replaced back (used to compare native against plain wasm). */
export function uninstallNativeKernels(): void {
  uninstallTransposeFreeMatMul();
  uninstallBatchNormGrad();
  uninstallReduceGrads();
  for (const [name, original] of replaced) {
    tf.unregisterKernel(name, 'wasm');
    if (original) tf.registerKernel(original);
  }
  replaced.clear();
}

/** True while the native kernels are registered. */
export const nativeKernelsInstalled = (): boolean => replaced.size > 0;
