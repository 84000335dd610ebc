// Starts the loopback feed server (feed-server-child.ts) in a child process over a folder of generated feeds.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { GeneratedFeed } from './generate.js';
import { tsxImportArgs } from './tsx.js';

export interface FeedServer {
  /** One URL per feed, in the order given. */
  urls: string[];
  port: number;
  close(): Promise<void>;
}

/** Writes the feeds into dir and serves them on 127.0.0.1 from a child process. */
export async function startFeedServer(feeds: readonly GeneratedFeed[], dir: string): Promise<FeedServer> {
  await mkdir(dir, { recursive: true });
  const names = feeds.map(
    (feed, i) => `${String(i + 1).padStart(4, '0')}.${feed.format === 'atom' ? 'atom' : 'xml'}`,
  );
  await Promise.all(feeds.map((feed, i) => writeFile(join(dir, names[i] as string), feed.body)));
  const child = spawn(
    process.execPath,
    [...tsxImportArgs(), join(import.meta.dirname, 'feed-server-child.ts'), dir],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  const port = await new Promise<number>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout as NonNullable<ChildProcess['stdout']> });
    const onExit = (code: number | null) =>
      reject(new Error(`feed-server: exited with ${code} before listening`));
    child.once('exit', onExit);
    child.once('error', reject);
    lines.once('line', (line) => {
      child.off('exit', onExit);
      lines.close();
      const match = /^listening (\d+)$/.exec(line);
      if (match) resolve(Number(match[1]));
      else reject(new Error(`feed-server: unexpected first line "${line}"`));
    });
  });
  return {
    port,
    urls: names.map((name) => `http://127.0.0.1:${port}/feeds/${name}`),
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.stdin?.end();
      }),
  };
}
