// An HTTP proxy on 127.0.0.1 that injects the faults an S3 client meets in the wild: 503 SlowDown, slow answers,
// connections dropped before or after the server applied the request, and bodies cut short. Tests drive it
// with a plan (deterministic from a seed); run by hand it proxies to --target with the given fault rates:
//   npx tsx scripts/fault-proxy.ts --target http://127.0.0.1:7480 --port 7481 --rates 503=0.1,drop-after=0.05
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { rng } from '../bench/lib/random.js';

export const FAULTS = ['503', 'slow', 'drop-before', 'drop-after', 'truncate'] as const;
export type Fault = 'none' | (typeof FAULTS)[number];

export interface FaultProxyOptions {
  /** Upstream base URL (http only: the proxy is for servers on this machine). */
  target: string;
  /** Which fault the n-th request (1-based) gets. */
  plan: (n: number, req: IncomingMessage) => Fault;
  /** How long a "slow" answer is held back (default 2,000 ms). */
  slowMs?: number;
  port?: number;
}

export interface FaultProxy {
  url: string;
  /** Requests seen, and how many got each fault. */
  stats: { requests: number } & Record<Fault, number>;
  /** Methods and paths, in order, for checks on what a client sent. */
  log: Array<{ method: string; path: string; fault: Fault }>;
  close(): Promise<void>;
}

/** Each request draws one fault with the given probabilities (the rest pass through untouched). */
export function randomPlan(seed: number, rates: Partial<Record<Fault, number>>): (n: number) => Fault {
  // The same seed gives the same fault sequence.
  const random = rng(seed);
  return () => {
    let r = random();
    for (const fault of FAULTS) {
      const p = rates[fault] ?? 0;
      if (r < p) return fault;
      r -= p;
    }
    return 'none';
  };
}

const SLOW_DOWN =
  '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>';

function drain(req: IncomingMessage): Promise<void> {
  return new Promise((done) => {
    req.on('end', done);
    req.on('error', () => done());
    req.resume();
  });
}

export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const target = new URL(options.target);
  if (target.protocol !== 'http:')
    throw new Error(`fault-proxy: target must be http://, got ${options.target}`);
  const slowMs = options.slowMs ?? 2_000;
  const stats: FaultProxy['stats'] = {
    requests: 0,
    none: 0,
    '503': 0,
    slow: 0,
    'drop-before': 0,
    'drop-after': 0,
    truncate: 0,
  };
  const log: FaultProxy['log'] = [];
  const timers = new Set<NodeJS.Timeout>();
  const agent = new http.Agent({ keepAlive: true });

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    stats.requests++;
    const fault = options.plan(stats.requests, req);
    stats[fault]++;
    log.push({ method: req.method ?? '?', path: req.url ?? '', fault });
    if (fault === '503') {
      await drain(req);
      res.writeHead(503, {
        'content-type': 'application/xml',
        'content-length': Buffer.byteLength(SLOW_DOWN),
      });
      res.end(SLOW_DOWN);
      return;
    }
    if (fault === 'drop-before') {
      await drain(req);
      req.socket.destroy();
      return;
    }
    // Forward as is: the Host header stays the one the client signed (SigV4 covers it).
    const upstream = http.request({
      host: target.hostname,
      port: target.port,
      method: req.method,
      path: req.url,
      headers: req.headers,
      agent,
    });
    req.pipe(upstream);
    const response = await new Promise<IncomingMessage>((done, fail) => {
      upstream.on('response', done);
      upstream.on('error', fail);
    });
    const chunks: Buffer[] = [];
    for await (const chunk of response) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    // The server has now applied the request, whatever the client is about to see.
    if (fault === 'drop-after') {
      req.socket.destroy();
      return;
    }
    if (fault === 'slow') {
      await new Promise<void>((done) => {
        const timer = setTimeout(() => {
          timers.delete(timer);
          done();
        }, slowMs);
        timers.add(timer);
      });
      if (req.socket.destroyed) return;
    }
    const headers = { ...response.headers };
    if (fault === 'truncate' && body.length > 1) {
      res.writeHead(response.statusCode ?? 502, headers);
      res.write(body.subarray(0, Math.floor(body.length / 2)));
      // Flush the half, then cut the connection mid-body.
      setImmediate(() => req.socket.destroy());
      return;
    }
    res.writeHead(response.statusCode ?? 502, headers);
    res.end(body);
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) {
        res.writeHead(502, { 'content-type': 'text/plain' });
        res.end('fault-proxy: upstream failed\n');
      } else res.destroy();
    });
  });
  server.listen(options.port ?? 0, '127.0.0.1');
  await new Promise<void>((done, fail) => {
    server.once('listening', done);
    server.once('error', fail);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stats,
    log,
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
      agent.destroy();
    },
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      target: { type: 'string' },
      port: { type: 'string', default: '0' },
      rates: { type: 'string', default: '503=0.1,slow=0.05,drop-before=0.05,drop-after=0.05,truncate=0.05' },
      seed: { type: 'string', default: '1' },
      'slow-ms': { type: 'string', default: '2000' },
    },
  });
  if (values.target === undefined) throw new Error('fault-proxy: --target URL is required');
  const rates: Partial<Record<Fault, number>> = {};
  for (const pair of values.rates.split(',')) {
    const [name, rate] = pair.split('=');
    if (
      !FAULTS.includes(name as (typeof FAULTS)[number]) ||
      rate === undefined ||
      Number.isNaN(Number(rate))
    ) {
      throw new Error(`fault-proxy: bad rate "${pair}" (faults: ${FAULTS.join(', ')})`);
    }
    rates[name as Fault] = Number(rate);
  }
  const proxy = await startFaultProxy({
    target: values.target,
    port: Number(values.port),
    slowMs: Number(values['slow-ms']),
    plan: randomPlan(Number(values.seed), rates),
  });
  process.stdout.write(`fault-proxy: ${proxy.url} → ${values.target}\n`);
  const stop = () => {
    process.stdout.write(`fault-proxy: ${JSON.stringify(proxy.stats)}\n`);
    void proxy.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((error: unknown) => {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(2);
  });
}
