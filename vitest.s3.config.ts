// `npm run test:s3`: the S3 adapter suites against the server in S3_ENDPOINT (Ceph RGW from
// scripts/radosgw-start.sh), where conditional writes are real, so no case is skipped for s3rver's sake.
import { defineConfig } from 'vitest/config';

if (process.env.S3_ENDPOINT === undefined || process.env.S3_ENDPOINT === '') {
  throw new Error(
    'test:s3: set S3_ENDPOINT (and AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY); eval "$(bash scripts/radosgw-start.sh)" starts one',
  );
}

export default defineConfig({
  test: {
    include: ['test/adapters/s3-blob-store.test.ts', 'test/adapters/s3/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // One suite at a time: they share one small gateway.
    fileParallelism: false,
  },
});
