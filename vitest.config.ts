import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The S3 suite against a real gateway runs with `npm run test:s3`; npm test covers s3rver.
    exclude: ['**/node_modules/**', 'test/**/*.s3.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
