// The config's trip to AWS: what cdk/props.ts deploys is what functions/aws/deployed-config.ts reads back,
// and a function refuses an object from another deployment.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CONFIG_KEY, deployPropsFromJson } from '../../cdk/props.js';
import { FsBlobStore } from '../../functions/adapters/fs-blob-store.js';
import { loadDeployedConfig } from '../../functions/aws/deployed-config.js';

const fixture = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'cdk', 'aws.config.json');
const props = deployPropsFromJson(JSON.parse(readFileSync(fixture, 'utf8')), dirname(fixture), {});

let dir: string;
let store: FsBlobStore;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tally-deployed-'));
  store = new FsBlobStore(dir);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const source = () => ({
  store,
  key: CONFIG_KEY,
  sha256: props.configSha256,
  publicBaseUrl: 'https://d111.cloudfront.net/',
});

describe('loadDeployedConfig', () => {
  it('reads back exactly the config the stack validated, with the public URL of this deployment', async () => {
    await store.put(CONFIG_KEY, props.configText);
    expect(await loadDeployedConfig(source())).toEqual({
      ...props.config,
      publicBaseUrl: 'https://d111.cloudfront.net',
    });
  });

  it('refuses an object that is not this deployment’s', async () => {
    await store.put(CONFIG_KEY, props.configText.replace('"Daily figures"', '"Daily Figures"'));
    await expect(loadDeployedConfig(source())).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      message: expect.stringMatching(/this deployment expects .*a deploy is in progress or failed/),
    });
  });

  it('names the missing object and what to do', async () => {
    await expect(loadDeployedConfig(source())).rejects.toThrow(/tally\.config\.json is missing; redeploy/);
  });
});
