// Drives rss2email (Debian package rss2email, command r2e) in digest mode: one config and data file per run,
// feeds read from the loopback server, mail sent to the local SMTP sink. Nothing is installed from here.
import { spawn, spawnSync } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
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

/** `times` output: the shell's user/system times, then its children's ("0m1.234s 0m0.100s"). */
export function childCpuMs(timesOutput: string): number | undefined {
  const lines = timesOutput.trim().split('\n');
  const match = /^(\d+)m([\d.]+)s (\d+)m([\d.]+)s$/.exec(lines[lines.length - 1]?.trim() ?? '');
  if (!match) return undefined;
  const [, um, us, sm, ss] = match.map(Number) as [number, number, number, number, number];
  return (um * 60 + us + sm * 60 + ss) * 1000;
}

/**
 * Runs `r2e run` once under bash, whose `times` builtin then reports r2e's CPU time (user + system); resolves
 * with its exit code, that CPU time and r2e's own stderr.
 */
export function runRss2email(
  setup: R2eSetup,
): Promise<{ code: number | null; cpuMs?: number; stderr: string }> {
  return new Promise((resolve, reject) => {
    const script = 'r2e -c "$1" -d "$2" run 2>"$3"; status=$?; times >&2; exit $status';
    const errFile = join(setup.runtimeDir, 'r2e.stderr');
    const child = spawn('bash', ['-c', script, 'bench-r2e', setup.config, setup.data, errFile], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, XDG_RUNTIME_DIR: setup.runtimeDir },
    });
    let times = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      times += chunk;
    });
    child.once('error', reject);
    child.once('close', async (code) => {
      const stderr = await readFile(errFile, 'utf8').catch(() => '');
      const cpuMs = childCpuMs(times);
      resolve({ code, stderr, ...(cpuMs === undefined ? {} : { cpuMs }) });
    });
  });
}
