// Lambda behind a Function URL: subscribe, confirm, unsubscribe (RFC 8058 one-click), preferences.
// Wiring only; the work is in subscriptions/router.ts. Logs (core/log.ts) carry event names, codes and hash
// prefixes.
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { SesMailer } from './adapters/ses-mailer.js';
import { errorFields, type Logger, lineLogger } from './core/log.js';
import { once } from './core/once.js';
import { readDeployedConfig, readHandlerEnvironment } from './subscriptions/environment.js';
import { routerDepsFromConfig } from './subscriptions/index.js';
import {
  createSubscriptionRouter,
  type HttpRequest,
  type HttpResponse,
  type SubscriptionRouterDeps,
} from './subscriptions/router.js';

export type SubscriptionsHandler = (
  event: APIGatewayProxyEventV2,
) => Promise<APIGatewayProxyStructuredResultV2>;

const jsonLog: Logger = lineLogger((line) => console.log(line), { handler: 'subscriptions' });

/**
 * Behind CloudFront the source IP is the edge's, and CloudFront appends the viewer's address to
 * X-Forwarded-For: the rightmost entry is the one it saw. A direct caller can forge that header, which only
 * moves them to another per-IP bucket; the per-address limit does not depend on it.
 */
export function clientIp(forwardedFor: string | undefined, sourceIp: string): string {
  const last = forwardedFor?.split(',').at(-1)?.trim();
  return last !== undefined && /^[0-9a-fA-F:.]{2,45}$/.test(last) ? last : sourceIp;
}

/** Function URL (payload 2.0) event → the router's request. */
export function toHttpRequest(event: APIGatewayProxyEventV2): HttpRequest {
  const body =
    event.body === undefined
      ? ''
      : event.isBase64Encoded
        ? Buffer.from(event.body, 'base64').toString('utf8')
        : event.body;
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(event.headers ?? {})) headers[name.toLowerCase()] = value;
  return {
    method: event.requestContext.http.method,
    path: event.rawPath,
    query: new URLSearchParams(event.rawQueryString ?? ''),
    headers,
    body,
    ip: clientIp(headers['x-forwarded-for'], event.requestContext.http.sourceIp),
  };
}

export function toResult(response: HttpResponse): APIGatewayProxyStructuredResultV2 {
  return { statusCode: response.status, headers: response.headers, body: response.body };
}

/**
 * The handler over given dependencies (tests pass real local adapters). A function is called once, on the
 * first request, so a cold start reads the secret only when needed and a failed start is retried.
 */
export function createHandler(
  deps: SubscriptionRouterDeps | (() => Promise<SubscriptionRouterDeps>),
  log: Logger = jsonLog,
): SubscriptionsHandler {
  const routerOf = once(() =>
    (typeof deps === 'function' ? deps() : Promise.resolve(deps)).then((d) =>
      createSubscriptionRouter({ ...d, log: d.log ?? log }),
    ),
  );
  return async (event) => {
    const requestId = event.requestContext.requestId;
    try {
      const answer = await (await routerOf())(toHttpRequest(event));
      if (answer === undefined) {
        return { statusCode: 404, headers: { 'content-type': 'text/plain' }, body: 'not found\n' };
      }
      log({ event: 'http.response', requestId, route: event.rawPath, status: answer.status });
      return toResult(answer);
    } catch (error) {
      log({ event: 'http.error', requestId, route: event.rawPath, status: 500, ...errorFields(error) });
      return { statusCode: 500, headers: { 'content-type': 'text/plain' }, body: 'internal error\n' };
    }
  };
}

/** Dependencies from the Lambda environment (see subscriptions/environment.ts for the variables). */
export async function environmentDeps(env: NodeJS.ProcessEnv): Promise<SubscriptionRouterDeps> {
  const environment = readHandlerEnvironment(env);
  const [secret, config] = await Promise.all([
    environment.secret(),
    readDeployedConfig(env, environment.store),
  ]);
  const mailer = new SesMailer({
    region: environment.region,
    ...(environment.sesEndpoint !== undefined ? { endpoint: environment.sesEndpoint } : {}),
    ...(environment.configurationSet !== undefined ? { configurationSet: environment.configurationSet } : {}),
  });
  return routerDepsFromConfig(config, { store: environment.store, mailer, secret });
}

export const handler: SubscriptionsHandler = createHandler(() => environmentDeps(process.env));
