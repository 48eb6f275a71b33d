/**
 * tfjs as the library uses it: tfjs-core's ops with their gradients and chained methods, the layers API and the cpu
 * backend (the pure-JS reference, always there), from the peer dependencies @tensorflow/tfjs-core, tfjs-layers and
 * tfjs-backend-cpu (package.json: the user's copy is the library's copy). The `@tensorflow/tfjs` umbrella is not
 * needed; an app that uses it shares the same tfjs-core, engine and backends.
 */
import '@tensorflow/tfjs-backend-cpu';
import './vendor/tfjsRegistrations.js';
// The chained methods' types (x.add(y), …): module augmentations of tfjs-core's Tensor, as the umbrella loads them.
import type {} from '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops.js';

export * from '@tensorflow/tfjs-core';
export * from '@tensorflow/tfjs-layers';
