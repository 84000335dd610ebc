// The config on AWS: one object in the archive bucket (config/tally.config.json), written at deploy time by the
// pipeline stack. Its sha256 is in every function's environment, so a function never runs with a config from
// another deployment, and a config change (new hash) makes Lambda start fresh containers.
import { createHash } from 'node:crypto';
import { type Config, parseConfig } from '../config.js';
import { ConfigError } from '../core/errors.js';
import type { BlobStore } from '../ports.js';

export interface DeployedConfigSource {
  store: BlobStore;
  key: string;
  sha256: string;
  /** https://… of the CloudFront distribution: links in mails and pages. */
  publicBaseUrl: string;
}

export async function loadDeployedConfig(source: DeployedConfigSource): Promise<Config> {
  const blob = await source.store.get(source.key);
  if (blob === undefined) {
    throw new ConfigError(
      `config: ${source.store.describe(source.key)} is missing; redeploy the pipeline stack`,
    );
  }
  const actual = createHash('sha256').update(blob.body).digest('hex');
  if (actual !== source.sha256) {
    throw new ConfigError(
      `config: ${source.store.describe(source.key)} has sha256 ${actual.slice(0, 12)}…, this deployment expects ${source.sha256.slice(0, 12)}…; a deploy is in progress or failed`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(blob.body.toString('utf8'));
  } catch (error) {
    throw new ConfigError(`config: ${source.key} is not valid JSON`, { cause: error });
  }
  const config = parseConfig(json, '/var/task');
  return { ...config, publicBaseUrl: source.publicBaseUrl.replace(/\/+$/, '') };
}
