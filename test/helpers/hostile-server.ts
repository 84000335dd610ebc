// A loopback HTTP server that misbehaves on purpose, one route per fault a feed host can throw at the fetcher.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import iconv from 'iconv-lite';

export const FEED_ETAG = '"v1"';
export const FEED_LAST_MODIFIED = 'Sat, 01 Jan 2022 00:00:00 GMT';

export function rssFeed(title: string, itemTitle = 'Item one'): string {
  return `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>${title}</title><link>http://example.com/</link>
<item><title>${itemTitle}</title><link>http://example.com/1</link><guid>one</guid>
<description>Some 3,500 soldiers were sent.</description><pubDate>Mon, 03 Jan 2022 10:00:00 GMT</pubDate></item>
</channel></rss>`;
}

/** A news page with navigation, ads and a script around the article, for full-text extraction. */
export const ARTICLE_HTML = `<!doctype html><html><head><title>Troops story | Outlet</title></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<div class="ad">Buy now! Limited offer!</div>
<article><h1>North Korea sends more troops</h1>
<p>SEOUL — North Korea recently sent some 3,500 additional soldiers to Russia's Far East for field training, a South
Korean lawmaker said Wednesday, with the possibility of a third wave of troops soon being dispatched to the front.</p>
<p>The lawmaker said the North sent roughly 12,000 troops to Russia in October and deployed additional forces in
January and February, with a second wave of 1,500 soldiers already sent to the front lines in the Kursk region.</p>
<p>Moscow and Pyongyang have grown closer since Russia's invasion of Ukraine, signing a partnership treaty in June that
includes a clause calling for mutual military assistance if either side is attacked.</p>
<script>trackReader()</script><img src="/lead.jpg" onerror="steal()" alt="Soldiers"></article>
<footer>Copyright Outlet. <a href="/privacy">Privacy</a></footer></body></html>`;

type Handler = (req: IncomingMessage, res: ServerResponse, server: HostileServer) => void;

export interface HostileServer {
  /** http://127.0.0.1:<port> */
  origin: string;
  port: number;
  /** Requests seen, in order: method, path and the headers that matter to the tests. */
  requests: Array<{ path: string; headers: IncomingMessage['headers'] }>;
  close(): Promise<void>;
}

const GZIP_BOMB = zlib.gzipSync(Buffer.alloc(64 * 1024 * 1024), { level: 9 });

/** A route that answers with a redirect to `location`, which need not be safe to follow. */
function redirect(status: 301 | 302, location: string): Handler {
  return (_req, res) => {
    res.writeHead(status, { location }).end();
  };
}

const routes: Record<string, Handler> = {
  '/feed.xml': (req, res) => {
    if (
      req.headers['if-none-match'] === FEED_ETAG ||
      req.headers['if-modified-since'] === FEED_LAST_MODIFIED
    ) {
      res.writeHead(304, { etag: FEED_ETAG }).end();
      return;
    }
    res
      .writeHead(200, {
        'content-type': 'application/rss+xml; charset=utf-8',
        etag: FEED_ETAG,
        'last-modified': FEED_LAST_MODIFIED,
      })
      .end(rssFeed('Plain feed'));
  },
  '/gzip.xml': (_req, res) => {
    res
      .writeHead(200, { 'content-type': 'application/rss+xml', 'content-encoding': 'gzip' })
      .end(zlib.gzipSync(rssFeed('Gzip feed')));
  },
  '/deflate.xml': (_req, res) => {
    res
      .writeHead(200, { 'content-type': 'application/rss+xml', 'content-encoding': 'deflate' })
      .end(zlib.deflateSync(rssFeed('Deflate feed')));
  },
  '/br.xml': (_req, res) => {
    res
      .writeHead(200, { 'content-type': 'application/rss+xml', 'content-encoding': 'br' })
      .end(zlib.brotliCompressSync(rssFeed('Brotli feed')));
  },
  '/gzip-bomb': (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-encoding': 'gzip' }).end(GZIP_BOMB);
  },
  '/declared-huge': (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-length': String(1024 ** 3) });
    res.write('<rss>');
    // never finishes: the fetcher must refuse from the header alone
  },
  '/endless': (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/rss+xml' });
    const chunk = Buffer.alloc(64 * 1024, 'a');
    const pump = () => {
      while (res.write(chunk)) {
        if (res.destroyed) return;
      }
      if (!res.destroyed) res.once('drain', pump);
    };
    res.on('close', () => res.removeAllListeners('drain'));
    pump();
  },
  '/drip': (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/rss+xml' });
    const timer = setInterval(() => res.write('<'), 50);
    res.on('close', () => clearInterval(timer));
  },
  '/hang': () => {
    // accepts the request and never answers
  },
  '/redirect-loop': redirect(302, '/redirect-loop-b'),
  '/redirect-loop-b': redirect(302, '/redirect-loop'),
  '/redirect-once': redirect(301, '/feed.xml'),
  '/redirect-metadata': redirect(302, 'http://169.254.169.254/latest/meta-data/'),
  '/redirect-decimal': redirect(302, 'http://2130706433/feed.xml'),
  '/redirect-file': redirect(302, 'file:///etc/passwd'),
  '/429': (_req, res) => {
    res.writeHead(429, { 'retry-after': '120' }).end('slow down');
  },
  '/503': (_req, res) => {
    res.writeHead(503, { 'retry-after': new Date(Date.now() + 3_600_000).toUTCString() }).end('maintenance');
  },
  '/404': (_req, res) => {
    res.writeHead(404).end('not here');
  },
  '/cp1252.xml': (_req, res) => {
    const xml = rssFeed('Caf\u00e9 \u201cquotes\u201d \u2013 \u20ac5');
    res.writeHead(200, { 'content-type': 'application/rss+xml; charset=windows-1252' });
    res.end(iconv.encode(xml.replace('encoding="utf-8"', 'encoding="windows-1252"'), 'windows-1252'));
  },
  '/cp1252-decl.xml': (_req, res) => {
    const xml = rssFeed('Caf\u00e9 \u201cquotes\u201d').replace(
      'encoding="utf-8"',
      'encoding="windows-1252"',
    );
    res.writeHead(200, { 'content-type': 'application/xml' }).end(iconv.encode(xml, 'windows-1252'));
  },
  '/utf16le.xml': (_req, res) => {
    const xml = rssFeed('\u0423\u043a\u0440\u0430\u0457\u043d\u0430 \u65e5\u672c').replace('utf-8', 'utf-16');
    res.writeHead(200, { 'content-type': 'application/xml' });
    res.end(Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(xml, 'utf-16le')]));
  },
  '/utf16be-nobom.xml': (_req, res) => {
    const xml = rssFeed('\u0423\u043a\u0440\u0430\u0457\u043d\u0430').replace('utf-8', 'utf-16');
    res.writeHead(200, { 'content-type': 'application/xml' }).end(iconv.encode(xml, 'utf-16be'));
  },
  '/truncated': (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-length': '5000' });
    res.write('<rss version="2.0"><channel>', () => res.socket?.destroy());
  },
  '/not-a-feed': (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><html><body>Hello</body></html>');
  },
  '/site.html': (_req, res) => {
    res
      .writeHead(200, { 'content-type': 'text/html' })
      .end(
        '<!doctype html><html><head><link rel="alternate" type="application/rss+xml" href="/feed.xml"><link rel="stylesheet" href="/s.css"></head><body>Site</body></html>',
      );
  },
  '/article.html': (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(ARTICLE_HTML);
  },
  '/user-agent': (req, res) => {
    res
      .writeHead(200, { 'content-type': 'application/rss+xml' })
      .end(rssFeed(req.headers['user-agent'] ?? ''));
  },
};

/** Starts the server on 127.0.0.1 with an ephemeral port. */
export async function startHostileServer(): Promise<HostileServer> {
  const requests: HostileServer['requests'] = [];
  let self: HostileServer | undefined;
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    requests.push({ path, headers: req.headers });
    const route = routes[path];
    if (route && self) route(req, res, self);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  self = {
    origin: `http://127.0.0.1:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return self;
}
