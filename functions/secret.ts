// The secret that signs subscription tokens and keys subscriber hashes. On AWS it comes from Secrets Manager
// (the handlers read it); locally from TALLY_TOKEN_SECRET, the config, or a file made once beside the config.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from './config.js';
import { ConfigError } from './core/errors.js';

export function resolveLocalSecret(config: Config, env: NodeJS.ProcessEnv): string {
  const fromEnv = env.TALLY_TOKEN_SECRET;
  if (fromEnv !== undefined) {
    if (fromEnv.length < 16)
      throw new ConfigError('config: TALLY_TOKEN_SECRET must be at least 16 characters');
    return fromEnv;
  }
  if (config.tokenSecret) return config.tokenSecret;
  const dir = join(config.baseDir, '.tally');
  const path = join(dir, 'token-secret');
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    mkdirSync(dir, { recursive: true });
    const secret = randomBytes(32).toString('base64url');
    try {
      writeFileSync(path, `${secret}\n`, { mode: 0o600, flag: 'wx' });
      return secret;
    } catch {
      // Another process made it first: use theirs.
      return readFileSync(path, 'utf8').trim();
    }
  }
}
