import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';
import { resolve } from 'node:path';

// SWC compiles the specs so NestJS decorator metadata is emitted (esbuild can't).
const alias = Object.fromEntries(
  ['config', 'contracts', 'database', 'storage', 'bus', 'speech', 'documents'].map((name) => [
    `@chorus/${name}`,
    resolve(__dirname, `libs/${name}/src`),
  ]),
);

export default defineConfig({
  plugins: [swc.vite({ module: { type: 'es6' } })],
  resolve: { alias },
  test: {
    // e2e files share one local stack; running them one at a time keeps them independent.
    fileParallelism: false,
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['apps/**/*.spec.ts', 'libs/**/*.spec.ts', 'tools/**/*.spec.ts'] },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.e2e-spec.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
      {
        extends: true,
        test: {
          // The fault suite (test/faults/README.md): one run per scenario here, three with
          // `npm run test:faults`.
          name: 'faults',
          include: ['test/faults/**/*.fault-spec.ts'],
          testTimeout: 900_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
