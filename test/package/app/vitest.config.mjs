import { defineConfig } from 'vitest/config';

export default defineConfig({ test: { include: ['equiv.spec.ts'], setupFiles: ['./setup.ts'], testTimeout: 60_000 } });
