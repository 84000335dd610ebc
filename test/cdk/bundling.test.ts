// The bundling options the stack ships with, exercised: a handler module bundled with BUNDLING's zod alias still
// validates with zod's English messages, and the lean zod leaves the locales out.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLING, REPO_ROOT } from '../../cdk/constructs/tally-function.js';
import { bundleInMemory, inputsInOutput } from '../helpers/bundle.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tally-bundling-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function bundle(entry: string, alias: boolean) {
  const zodAlias = BUNDLING.esbuildArgs?.['--alias:zod'];
  return bundleInMemory(entry, alias && typeof zodAlias === 'string' ? { zod: zodAlias } : {});
}

describe('bundling', () => {
  it('aliases zod to the lean module, which drops the locales but keeps English messages', async () => {
    const entry = join(dir, 'probe.ts');
    writeFileSync(
      entry,
      `import { parseMessage, sendMessageSchema } from ${JSON.stringify(resolve(REPO_ROOT, 'functions/aws/messages.ts'))};
       try { parseMessage(sendMessageSchema, { kind: 'send', digest: 'daily', editionId: 'e', subscribers: [] }, 'send-batch'); }
       catch (error) { globalThis.probe = error.message; }`,
    );
    const lean = await bundle(entry, true);
    const full = await bundle(entry, false);
    const inputs = (result: typeof lean) => inputsInOutput(result.metafile);
    expect(
      inputs(lean)
        .filter((f) => f.includes('zod/v4/locales/'))
        .map((f) => f.split('/').pop()),
    ).toEqual(['en.js']);
    expect(inputs(full).filter((f) => f.includes('zod/v4/locales/')).length).toBeGreaterThan(20);

    const out = join(dir, 'probe.mjs');
    writeFileSync(out, lean.outputFiles?.[0]?.text ?? '');
    await import(pathToFileURL(out).href);
    expect((globalThis as { probe?: string }).probe).toBe(
      'send-batch: subscribers Too small: expected array to have >=1 items',
    );
  });
});
