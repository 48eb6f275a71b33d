import { useBackend, isBackendName } from '../src/backend/index.ts';

const wanted = process.env.INFOBJ_BACKEND ?? 'wasm';
if (!isBackendName(wanted)) throw new Error(`INFOBJ_BACKEND must be wasm or cpu, got ${wanted}`);
await useBackend(wanted);

import { expect } from 'vitest';
import { equivalenceMatchers } from '../src/equiv/index.ts';
expect.extend(equivalenceMatchers);
