// Puts the subscription router behind node:http (used by `tally serve` and by tests): reads the body with a
// cap, hands the router a plain HttpRequest and writes its answer; falls through when the route is not ours.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HttpRequest, HttpResponse } from './router.js';

const MAX_BODY = 64 * 1024;

export async function readHttpRequest(request: IncomingMessage): Promise<HttpRequest> {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buffer.length;
    // Past the cap, keep draining but stop storing; the router answers 413 on the marker length.
    if (size <= MAX_BODY) chunks.push(buffer);
  }
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return {
    method: request.method ?? 'GET',
    path: url.pathname,
    query: url.searchParams,
    headers,
    body: size > MAX_BODY ? 'x'.repeat(MAX_BODY + 1) : Buffer.concat(chunks).toString('utf8'),
    ip: request.socket.remoteAddress ?? 'unknown',
  };
}

export function writeHttpResponse(response: ServerResponse, answer: HttpResponse): void {
  response.writeHead(answer.status, { ...answer.headers, 'content-length': Buffer.byteLength(answer.body) });
  response.end(answer.body);
}

const OUR_PATH = /^(?:.*\/)?(?:subscribe|confirm|unsubscribe|preferences)\/?$/;

/**
 * The router as an extra route of the archive server (functions/server, `tally serve`): true when it answered,
 * false (body unread) for every other path.
 */
export function serverRoute(
  router: (request: HttpRequest) => Promise<HttpResponse | undefined>,
): (request: IncomingMessage, response: ServerResponse) => Promise<boolean> {
  return async (request, response) => {
    if (!OUR_PATH.test(new URL(request.url ?? '/', 'http://localhost').pathname)) return false;
    const answer = await router(await readHttpRequest(request));
    if (answer === undefined) return false;
    writeHttpResponse(response, answer);
    return true;
  };
}

/**
 * A node:http request listener. `next` runs for requests the router does not take (the archive browser);
 * without it they get 404.
 */
export function nodeListener(
  router: (request: HttpRequest) => Promise<HttpResponse | undefined>,
  next?: (request: IncomingMessage, response: ServerResponse) => void,
): (request: IncomingMessage, response: ServerResponse) => void {
  return (request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    // Only our routes have their bodies read here, so `next` still gets an unread request.
    if (next !== undefined && !OUR_PATH.test(path)) {
      next(request, response);
      return;
    }
    readHttpRequest(request)
      .then(router)
      .then((answer) => {
        if (answer !== undefined) writeHttpResponse(response, answer);
        else if (next !== undefined) next(request, response);
        else
          writeHttpResponse(response, {
            status: 404,
            headers: { 'content-type': 'text/plain' },
            body: 'not found\n',
          });
      })
      .catch(() => {
        if (!response.headersSent) {
          writeHttpResponse(response, {
            status: 500,
            headers: { 'content-type': 'text/plain' },
            body: 'internal error\n',
          });
        }
      });
  };
}
