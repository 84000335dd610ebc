// Drives rss2email (Debian package rss2email, command r2e) in digest mode: one config and data file per run,
// feeds read from the loopback server, mail sent to the local SMTP sink. Nothing is installed from here.
import { spawn, spawnSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The r2e version line, or undefined when r2e is not on PATH. */
export function rss2emailVersion(): string | undefined {
  const result = spawnSync('r2e', ['--version'], { encoding: 'utf8' });
  if (result.error || result.status !== 0) return undefined;
  return `${result.stdout}${result.stderr}`.trim().split('\n')[0];
}

export interface R2eSetup {
  config: string;
  data: string;
  runtimeDir: string;
}

/**
 * Writes an r2e config with one [feed.*] section per URL and an empty database. Digest mode: one email per feed
 * per run, with all its new entries, sent over SMTP to every recipient.
 */
export async function prepareRss2email(
  dir: string,
  urls: readonly string[],
  options: { smtpPort: number; from: string; to: readonly string[] },
): Promise<R2eSetup> {
  await mkdir(dir, { recursive: true });
  const runtimeDir = join(dir, 'run');
  await mkdir(runtimeDir, { recursive: true });
  const lines = [
    '[DEFAULT]',
    `from = ${options.from}`,
    `to = ${options.to.join(',')}`,
    'digest = True',
    'email-protocol = smtp',
    `smtp-server = 127.0.0.1:${options.smtpPort}`,
    'smtp-ssl = False',
    'smtp-auth = False',
    // All feeds live on one loopback server; r2e would otherwise pace requests to the same host.
    'same-server-fetch-interval = 0',
    'verbose = error',
    '',
    ...urls.flatMap((url, i) => [`[feed.bench-${String(i + 1).padStart(4, '0')}]`, `url = ${url}`, '']),
  ];
  const config = join(dir, 'rss2email.cfg');
  const data = join(dir, 'rss2email.json');
  await writeFile(config, lines.join('\n'));
  await writeFile(data, `${JSON.stringify({ version: 2, feeds: [] })}\n`);
  return { config, data, runtimeDir };
}

/** Runs `r2e run` once; resolves with its exit code and stderr (r2e logs there). */
export function runRss2email(setup: R2eSetup): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('r2e', ['-c', setup.config, '-d', setup.data, 'run'], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, XDG_RUNTIME_DIR: setup.runtimeDir },
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stderr }));
  });
}
