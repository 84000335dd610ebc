import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { updateArchive } from '../../functions/archive/site/index.js';
import { createServeCommand, serveCommand } from '../../functions/cli/commands/serve.js';
import { UsageError } from '../../functions/core/errors.js';
import { DIGESTS, fixtureStore, NOW, removeStores } from '../archive/helpers.js';
import { memoryIO } from '../helpers/cli.js';
import { spawnServe } from './spawn-serve.js';

afterAll(removeStores);

function io() {
  // No tally.config.json there: only the arguments decide.
  return memoryIO(tmpdir());
}

describe('tally serve', () => {
  it.each([[['--port', 'eighty']], [['--port', '70000']], [['--port', '-1']], [['extra']], [['--nope']]])(
    'rejects %j as a usage error',
    async (args) => {
      await expect(serveCommand.run(args, io())).rejects.toBeInstanceOf(UsageError);
    },
  );

  it('says which port it could not take', async () => {
    const taken = http.createServer();
    taken.listen(0, '127.0.0.1');
    await once(taken, 'listening');
    const { port } = taken.address() as AddressInfo;
    try {
      const store = await fixtureStore();
      await expect(serveCommand.run(['--store', store.root, '--port', String(port)], io())).rejects.toThrow(
        new RegExp(`serve: cannot listen on 127\\.0\\.0\\.1:${port}`),
      );
    } finally {
      taken.close();
    }
  });

  it('tries the routes it was made with before the archive, and stops when its signal aborts', async () => {
    const store = await fixtureStore();
    await updateArchive(store, { publicBaseUrl: 'http://127.0.0.1:8787/', digests: DIGESTS, now: NOW });
    const stop = new AbortController();
    const command = createServeCommand({
      signal: stop.signal,
      routes: (selection) => [
        async (req, res) => {
          if (req.url !== '/subscribe') return false;
          res.writeHead(200, { 'content-type': 'text/plain' });
          res.end(`subscriptions for ${selection.store.describe()}`);
          return true;
        },
      ],
    });
    const out = io();
    let printed = '';
    out.stdout.on('data', (chunk: Buffer) => {
      printed += chunk.toString();
    });
    const running = command.run(['--store', store.root, '--port', '0'], out);
    await vi.waitFor(() => expect(printed).toMatch(/at http:\/\/127\.0\.0\.1:\d+\//));
    const url = /at (http:\/\/[^ ]+\/)/.exec(printed)?.[1] ?? '';
    expect(await (await fetch(`${url}subscribe`)).text()).toBe(`subscriptions for ${store.root}`);
    expect((await fetch(`${url}editions/world/`)).status).toBe(200);
    stop.abort();
    expect(await running).toBe(0);
    expect(printed).toContain('serve: stopped');
  });

  it('serves a folder archive until SIGTERM, then stops cleanly', async () => {
    const store = await fixtureStore();
    await updateArchive(store, { publicBaseUrl: 'http://127.0.0.1:8787/', digests: DIGESTS, now: NOW });
    const served = await spawnServe(['--store', store.root]);
    const res = await fetch(`${served.url}editions/world/`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('World Figures');
    const exited = once(served.child, 'exit');
    served.child.kill('SIGTERM');
    const [code] = await exited;
    expect(code).toBe(0);
  }, 30_000);
});
