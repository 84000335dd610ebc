// The send path must not load mjml: bundling the render stage the way the Lambdas are bundled (ESM) pulls in
// the compiled templates and nothing of mjml.
import { describe, expect, it } from 'vitest';
import { bundleInMemory } from '../helpers/bundle.js';

describe('the render stage bundle', () => {
  it('holds the compiled templates and no mjml', async () => {
    const result = await bundleInMemory('functions/render/index.ts');
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((input) => input.includes('templates/compiled/templates.js'))).toBe(true);
    expect(inputs.filter((input) => /node_modules\/mjml/.test(input))).toEqual([]);
    const bytes = result.outputFiles.reduce((sum, file) => sum + file.contents.length, 0);
    expect(bytes).toBeLessThan(400_000);
  });
});
