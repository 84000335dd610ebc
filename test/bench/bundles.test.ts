import { describe, expect, it } from 'vitest';
import { largestPackages } from '../../bench/sections/bundles.js';

describe('largestPackages', () => {
  it('sums bytes per package, scoped names included, own code apart, largest first', () => {
    const inputs = {
      'node_modules/linkedom/esm/a.js': { bytesInOutput: 200_000 },
      'node_modules/linkedom/esm/b.js': { bytesInOutput: 150_000 },
      'node_modules/@aws-sdk/client-s3/dist/index.js': { bytesInOutput: 300_000 },
      'node_modules/@aws-sdk/core/dist/index.js': { bytesInOutput: 10_000 },
      'functions/extract/grammar.ts': { bytesInOutput: 40_000 },
      'functions/ingest-feed.ts': { bytesInOutput: 5_000 },
      'node_modules/zod/index.js': { bytesInOutput: 1_000 },
    };
    expect(largestPackages(inputs, 3)).toBe('linkedom 350 KB, @aws-sdk/client-s3 300 KB, own code 45 KB');
    expect(largestPackages(inputs, 1)).toBe('linkedom 350 KB');
    expect(largestPackages({}, 3)).toBe('');
  });

  it('attributes nested node_modules to the outermost package', () => {
    const inputs = { 'node_modules/mjml/node_modules/juice/index.js': { bytesInOutput: 9_000 } };
    expect(largestPackages(inputs, 3)).toBe('mjml 9 KB');
  });
});
