// The subscription endpoints as one function of an HTTP request: subscribe (double opt-in), confirm,
// unsubscribe (RFC 8058 one-click POST), preferences. Shared by the Lambda handler and `tally serve`.

import { normalizeEmail, subscriberHash, updateSubscriber } from '../adapters/blob-subscriber-store.js';
import { describeError, isTallyError, TallyError } from '../core/errors.js';
import { escapeHtml } from '../core/escape.js';
import type { Logger } from '../core/log.js';
import type { Subscriber } from '../core/model.js';
import type { Clock, Mailer, SubscriberStore } from '../ports.js';
import { digestCheckboxes, hourSelect, PAGE_HEADERS, page, timezoneInput, tokenAction } from './pages.js';
import { RateLimiter } from './rate-limit.js';
import { publicUrl, type TokenPurpose, tokenFor, verifyToken } from './tokens.js';
import {
  DEFAULT_SEND_HOUR,
  DEFAULT_TIMEZONE,
  parseBody,
  validatePreferences,
  validateSubscribe,
} from './validate.js';

export interface HttpRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | undefined>;
  body: string;
  ip: string;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface SubscriptionRouterDeps {
  store: SubscriberStore;
  mailer: Mailer;
  from: string;
  secret: string;
  publicBaseUrl: string;
  digests: Array<{ name: string; title: string }>;
  clock: Clock;
  confirmationMail: (input: { digestTitles: string[]; confirmUrl: string }) => {
    subject: string;
    html: string;
    text: string;
  };
  /** Structured log lines: event names, codes and subscriber hashes only, never addresses. */
  log?: Logger;
  /**
   * Limits on POST /subscribe, the one route that sends mail to an address the caller chose. Defaults: 5 per
   * address and 30 per IP per hour. Token routes are not limited by IP: one-click unsubscribes arrive from
   * mail providers' servers, many users behind one address, and a token cannot be guessed.
   */
  limits?: { perAddress?: number; perIpSubscribe?: number; windowMs?: number };
}

const MAX_BODY = 16 * 1024;
const ROUTES = new Set(['/subscribe', '/confirm', '/unsubscribe', '/preferences']);

function html(status: number, title: string, body: string, extra: Record<string, string> = {}): HttpResponse {
  return { status, headers: { ...PAGE_HEADERS, ...extra }, body: page(title, body) };
}

function wantsJson(request: HttpRequest): boolean {
  const type = headerOf(request, 'content-type') ?? '';
  const accept = headerOf(request, 'accept') ?? '';
  return type.toLowerCase().startsWith('application/json') || /application\/json/i.test(accept);
}

function reply(
  request: HttpRequest,
  status: number,
  title: string,
  body: string,
  message: string,
): HttpResponse {
  if (wantsJson(request)) {
    return {
      status,
      headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
      body: JSON.stringify({ ok: status < 400, message }),
    };
  }
  return html(status, title, body);
}

function headerOf(request: HttpRequest, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(request.headers)) if (key.toLowerCase() === wanted) return value;
  return undefined;
}

export function createSubscriptionRouter(
  deps: SubscriptionRouterDeps,
): (request: HttpRequest) => Promise<HttpResponse | undefined> {
  const windowMs = deps.limits?.windowMs ?? 3_600_000;
  const perAddress = new RateLimiter({ limit: deps.limits?.perAddress ?? 5, windowMs, clock: deps.clock });
  const perIpSubscribe = new RateLimiter({
    limit: deps.limits?.perIpSubscribe ?? 30,
    windowMs,
    clock: deps.clock,
  });
  const digestNames = deps.digests.map((d) => d.name);
  const basePath = new URL(deps.publicBaseUrl).pathname.replace(/\/+$/, '');
  const log = deps.log ?? (() => {});

  const titlesOf = (names: readonly string[]) =>
    names.map((name) => deps.digests.find((d) => d.name === name)?.title ?? name);

  const tokenOf = (request: HttpRequest, purpose: TokenPurpose): { subscriber: string; token: string } => {
    let token = request.query.get('token') ?? '';
    if (token === '' && request.method === 'POST') {
      const fromBody = new URLSearchParams(request.body).get('token');
      if (fromBody) token = fromBody;
    }
    return { ...verifyToken(token, purpose, deps.secret, deps.clock.now()), token };
  };

  async function subscribe(request: HttpRequest): Promise<HttpResponse> {
    if (request.method === 'GET') {
      return html(
        200,
        'Subscribe',
        `<form method="post" action="">
<label>Email <input type="email" name="email" maxlength="254" required></label>
${digestCheckboxes(deps.digests, digestNames)}
${timezoneInput(DEFAULT_TIMEZONE)}
${hourSelect(DEFAULT_SEND_HOUR)}
<button type="submit">Subscribe</button>
</form>`,
      );
    }
    if (!perIpSubscribe.take(request.ip))
      throw new TallyError('RATE_LIMITED', 'subscriptions: too many requests');
    const input = validateSubscribe(parseBody(request.body, headerOf(request, 'content-type')), digestNames);
    const hash = subscriberHash(input.email, deps.secret);
    if (!perAddress.take(hash)) throw new TallyError('RATE_LIMITED', 'subscriptions: too many requests');
    const stamp = deps.clock.now().toISOString();
    const pending = (base: Partial<Subscriber>): Subscriber => ({
      email: normalizeEmail(input.email),
      hash,
      status: 'pending',
      digests: input.digests,
      timezone: input.timezone,
      sendHour: input.sendHour,
      createdAt: base.createdAt ?? stamp,
      updatedAt: stamp,
    });
    const result = await updateSubscriber(deps.store, hash, (current) => {
      if (current === undefined) return pending({});
      // Active subscribers change settings through their preferences link, not through a form anyone can post;
      // suppressed addresses bounced or complained and get no more mail.
      if (current.status === 'active' || current.status === 'suppressed') return undefined;
      return pending(current);
    });
    if (result?.status === 'pending') {
      const confirmUrl = publicUrl(
        deps.publicBaseUrl,
        '/confirm',
        tokenFor('confirm', hash, deps.secret, deps.clock.now()),
      );
      const mail = deps.confirmationMail({ digestTitles: titlesOf(result.digests), confirmUrl });
      await deps.mailer.send({ from: deps.from, to: result.email, ...mail });
      log({ event: 'subscribe.confirmation_sent', subscriber: hash.slice(0, 12) });
    } else {
      log({ event: 'subscribe.no_mail', subscriber: hash.slice(0, 12) });
    }
    // The same answer whether the address was new, pending, active or suppressed: no enumeration.
    return reply(
      request,
      202,
      'Check your inbox',
      '<p>If this address can receive our digests, a message with a confirmation link is on its way. The link is valid for three days.</p>',
      'check your inbox for a confirmation link',
    );
  }

  async function confirm(request: HttpRequest): Promise<HttpResponse> {
    if (request.method !== 'GET' && request.method !== 'POST') return methodNotAllowed('GET, POST');
    const { subscriber: hash } = tokenOf(request, 'confirm');
    const stamp = deps.clock.now().toISOString();
    const current = await deps.store.get(hash);
    if (current === undefined)
      return html(404, 'Link not valid', '<p>We have no subscription for this link.</p>');
    const result = await updateSubscriber(deps.store, hash, (s) =>
      s?.status === 'pending' ? { ...s, status: 'active', confirmedAt: stamp, updatedAt: stamp } : undefined,
    );
    if (result?.status !== 'active') {
      // Unsubscribed or suppressed after this link was sent: the old link must not undo that.
      return html(
        409,
        'Link no longer valid',
        '<p>This subscription was ended after the link was sent. Subscribe again to restart it.</p>',
      );
    }
    log({ event: 'confirm.active', subscriber: hash.slice(0, 12) });
    return html(
      200,
      'Subscription confirmed',
      `<p>You will receive ${escapeHtml(titlesOf(result.digests).join(', '))} at ${String(result.sendHour).padStart(2, '0')}:00 (${escapeHtml(result.timezone)}).</p>`,
    );
  }

  async function unsubscribe(request: HttpRequest): Promise<HttpResponse> {
    const { subscriber: hash, token } = tokenOf(request, 'unsubscribe');
    if (request.method === 'GET') {
      // A GET changes nothing: link scanners and prefetchers follow GET links.
      return html(
        200,
        'Unsubscribe',
        `<form method="post" action="${escapeHtml(tokenAction(token))}">
<input type="hidden" name="List-Unsubscribe" value="One-Click">
<p>Stop all Tally digests to this address?</p>
<button type="submit">Unsubscribe</button>
</form>`,
      );
    }
    if (request.method !== 'POST') return methodNotAllowed('GET, POST');
    const stamp = deps.clock.now().toISOString();
    await updateSubscriber(deps.store, hash, (s) =>
      s === undefined || s.status === 'unsubscribed' || s.status === 'suppressed'
        ? undefined
        : { ...s, status: 'unsubscribed', updatedAt: stamp },
    );
    log({ event: 'unsubscribe.done', subscriber: hash.slice(0, 12) });
    return html(200, 'Unsubscribed', '<p>You will receive no more digests. Nothing else is needed.</p>');
  }

  async function preferences(request: HttpRequest): Promise<HttpResponse> {
    if (request.method !== 'GET' && request.method !== 'POST') return methodNotAllowed('GET, POST');
    const { subscriber: hash, token } = tokenOf(request, 'preferences');
    const current = await deps.store.get(hash);
    if (
      current === undefined ||
      current.subscriber.status === 'unsubscribed' ||
      current.subscriber.status === 'suppressed'
    ) {
      return html(
        410,
        'No active subscription',
        '<p>This address is not subscribed. Subscribe again to receive digests.</p>',
      );
    }
    let shown = current.subscriber;
    let note = '';
    if (request.method === 'POST') {
      const input = validatePreferences(
        parseBody(request.body, headerOf(request, 'content-type')),
        digestNames,
      );
      const stamp = deps.clock.now().toISOString();
      const updated = await updateSubscriber(deps.store, hash, (s) =>
        s === undefined || s.status === 'unsubscribed' || s.status === 'suppressed'
          ? undefined
          : { ...s, ...input, updatedAt: stamp },
      );
      if (updated !== undefined) shown = updated;
      note = '<p><strong>Saved.</strong></p>';
      log({ event: 'preferences.saved', subscriber: hash.slice(0, 12) });
      if (wantsJson(request)) return reply(request, 200, 'Preferences', '', 'preferences saved');
    }
    return html(
      200,
      'Your digest preferences',
      `${note}<form method="post" action="${escapeHtml(tokenAction(token))}">
${digestCheckboxes(deps.digests, shown.digests)}
${timezoneInput(shown.timezone)}
${hourSelect(shown.sendHour)}
<button type="submit">Save</button>
</form>`,
    );
  }

  function methodNotAllowed(allow: string): HttpResponse {
    return html(405, 'Method not allowed', '<p>This address does not take that method.</p>', { allow });
  }

  return async (request) => {
    let path = request.path.replace(/\/+$/, '') || '/';
    if (basePath !== '' && path.startsWith(`${basePath}/`)) path = path.slice(basePath.length);
    if (!ROUTES.has(path)) return undefined;
    const method = request.method.toUpperCase();
    const normalized = { ...request, method };
    if (method !== 'GET' && method !== 'POST') return methodNotAllowed('GET, POST');
    try {
      if (Buffer.byteLength(request.body, 'utf8') > MAX_BODY) {
        return reply(
          normalized,
          413,
          'Too large',
          '<p>The request is too large.</p>',
          'request body too large',
        );
      }
      switch (path) {
        case '/subscribe':
          return await subscribe(normalized);
        case '/confirm':
          return await confirm(normalized);
        case '/unsubscribe':
          return await unsubscribe(normalized);
        default:
          return await preferences(normalized);
      }
    } catch (error) {
      return errorResponse(normalized, error, log);
    }
  };
}

function errorResponse(
  request: HttpRequest,
  error: unknown,
  log: NonNullable<SubscriptionRouterDeps['log']>,
): HttpResponse {
  const { code } = describeError(error);
  log({ event: 'request.failed', code });
  if (isTallyError(error)) {
    switch (error.code) {
      case 'TOKEN_INVALID':
        return reply(
          request,
          400,
          'Link not valid',
          `<p>${escapeHtml(tokenHint(error.message))}</p>`,
          tokenHint(error.message),
        );
      case 'INPUT_INVALID':
        return reply(
          request,
          400,
          'Please check the form',
          `<p>${escapeHtml(error.message.replace(/^subscriptions: /, ''))}</p>`,
          error.message,
        );
      case 'RATE_LIMITED': {
        const response = reply(
          request,
          429,
          'Slow down',
          '<p>Too many requests. Try again in an hour.</p>',
          'too many requests',
        );
        return { ...response, headers: { ...response.headers, 'retry-after': '3600' } };
      }
      case 'MAIL_FAILED':
      case 'MAIL_THROTTLED':
      case 'STORE_PRECONDITION':
        return reply(
          request,
          503,
          'Try again later',
          '<p>We could not complete this just now. Please try again in a few minutes.</p>',
          'try again later',
        );
      default:
        break;
    }
  }
  return reply(
    request,
    500,
    'Something went wrong',
    '<p>Something went wrong on our side.</p>',
    'internal error',
  );
}

/** Tells the reader what to do without saying which check failed beyond expiry. */
function tokenHint(message: string): string {
  return /expired/.test(message)
    ? 'This link has expired. Use the link in a newer message, or subscribe again.'
    : 'This link is not valid. Copy the whole link from the message, or subscribe again.';
}
