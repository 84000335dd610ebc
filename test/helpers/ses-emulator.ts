// aws-ses-v2-local on a free loopback port, for the SES adapter test, the subscriptions handler test and the mail
// bench: mail sent to `endpoint` is read back from its GET /store.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

type StartEmulator = (config?: { host?: string; port?: number }) => Promise<Server>;

export interface SesEmulator {
  endpoint: string;
  close(): Promise<void>;
}

export async function startSesEmulator(): Promise<SesEmulator> {
  // The package is CommonJS without types; depending on the loader its start function is default or default.default.
  const mod = (await import('aws-ses-v2-local')) as unknown as {
    default: StartEmulator | { default: StartEmulator };
  };
  const start = typeof mod.default === 'function' ? mod.default : mod.default.default;
  const server = await start({ host: '127.0.0.1', port: 0 });
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
