// `tally serve`: browse the archive (folder or S3) on localhost until interrupted.
import type { AddressInfo } from 'node:net';
import { openMailer } from '../../adapters/open-mailer.js';
import { UsageError } from '../../core/errors.js';
import { resolveLocalSecret } from '../../secret.js';
import { createServer, type Route } from '../../server/index.js';
import { routerFromConfig, serverRoute } from '../../subscriptions/index.js';
import type { Command, CommandIO } from '../command.js';
import { STORE_HELP, STORE_OPTIONS } from '../runtime.js';
import { parseCommandArgs, type StoreSelection, selectStore } from './archive.js';

const HELP = `Usage: tally serve [--port N] [--host ADDR] [--config FILE] [--store DIR|s3://BUCKET/PREFIX] [--endpoint URL]

Serves the browsable archive on http://127.0.0.1:8787/ until Ctrl-C, with the subscription endpoints:
POST /subscribe (double opt-in: the confirmation goes out through the config's mailer), GET /confirm,
GET+POST /unsubscribe (RFC 8058 one-click), GET+POST /preferences.

Options:
      --port N         port to listen on (default 8787; 0 picks a free one)
      --host ADDR      address to bind (default 127.0.0.1)
${STORE_HELP}

Example:
  npm run -s tally -- serve --port 8080
`;

/**
 * `tally serve` with extra routes tried before the archive (the subscription endpoints join this way):
 * `createServeCommand({ routes: (selection) => [subscriptionRoute(selection.config, selection.store)] })`.
 */
export function createServeCommand(
  options: {
    routes?: (selection: StoreSelection, io: CommandIO) => Route[];
    /** Stops the server as SIGINT/SIGTERM do (for embedding and tests). */
    signal?: AbortSignal;
  } = {},
): Command {
  return {
    name: 'serve',
    summary: 'browse the archive (folder or S3) on localhost',
    help: HELP,
    async run(args, io) {
      const { values, positionals } = parseCommandArgs('serve', args, {
        ...STORE_OPTIONS,
        port: { type: 'string' },
        host: { type: 'string' },
      });
      if (positionals.length > 0) throw new UsageError(`serve: unexpected argument "${positionals[0]}"`);
      const port = values.port === undefined ? 8787 : Number(values.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        throw new UsageError(`serve: --port must be a whole number from 0 to 65535, got "${values.port}"`);
      }
      const host = values.host ?? '127.0.0.1';
      const selection = selectStore(values, io);
      const { store } = selection;
      const server = createServer({ store, routes: options.routes?.(selection, io) ?? [] });
      server.listen(port, host);
      await new Promise<void>((done, fail) => {
        server.once('listening', done);
        server.once('error', (error) => {
          fail(new UsageError(`serve: cannot listen on ${host}:${port}: ${error.message}`, { cause: error }));
        });
      });
      const address = server.address() as AddressInfo;
      const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      io.stdout.write(
        `serve: archive ${store.describe()} at http://${shown}:${address.port}/ (Ctrl-C stops)\n`,
      );
      if ((await store.get('index.html')) === undefined) {
        io.stdout.write(
          'serve: the archive has no index.html yet; run `tally run` or `tally archive rebuild`\n',
        );
      }
      await new Promise<void>((done) => {
        let stopping = false;
        const stop = () => {
          // Once only: server.close() on a closed server emits 'close' again.
          if (stopping) return;
          stopping = true;
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          server.close(() => done());
          server.closeAllConnections();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
        server.once('close', stop);
        if (options.signal?.aborted === true) stop();
        options.signal?.addEventListener('abort', stop, { once: true });
      });
      io.stdout.write('serve: stopped\n');
      return 0;
    },
  };
}

/** The subscription endpoints, as `tally serve` runs them: the archive's subscriber store, the config's mailer. */
export function subscriptionRoutes(selection: StoreSelection, io: CommandIO): Route[] {
  const { config, store } = selection;
  if (config === undefined) return [];
  const router = routerFromConfig(config, {
    store,
    mailer: openMailer(config.mailer, io.env),
    secret: resolveLocalSecret(config, io.env),
  });
  return [serverRoute(router)];
}

export const serveCommand: Command = createServeCommand({ routes: subscriptionRoutes });
