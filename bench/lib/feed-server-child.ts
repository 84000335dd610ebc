// The loopback feed server, run as its own process so serving feeds costs nothing to the process being
// measured. Serves every file of the folder given as argv[2] at /feeds/<file name>; prints "listening <port>".
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';

const dir = process.argv[2];
if (!dir) {
  process.stderr.write('feed-server: usage: feed-server-child.ts DIR\n');
  process.exit(2);
}

const files = new Map<string, { body: Buffer; etag: string; type: string }>();
for (const name of readdirSync(dir)) {
  const body = readFileSync(join(dir, name));
  const etag = `"${createHash('sha1').update(body).digest('hex').slice(0, 16)}"`;
  const type = name.endsWith('.atom')
    ? 'application/atom+xml; charset=utf-8'
    : 'application/rss+xml; charset=utf-8';
  files.set(`/feeds/${name}`, { body, etag, type });
}

const server = createServer((req, res) => {
  const file = req.method === 'GET' ? files.get(req.url ?? '') : undefined;
  if (!file) {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
    return;
  }
  if (req.headers['if-none-match'] === file.etag) {
    res.writeHead(304, { etag: file.etag }).end();
    return;
  }
  res.writeHead(200, { 'content-type': file.type, 'content-length': file.body.length, etag: file.etag });
  res.end(file.body);
});

server.keepAliveTimeout = 5_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('feed-server: no TCP address');
  process.stdout.write(`listening ${address.port}\n`);
});

// The parent ends the server by closing stdin (so it also ends when the parent dies).
process.stdin.resume();
process.stdin.on('end', () => {
  server.close();
  server.closeAllConnections();
});
