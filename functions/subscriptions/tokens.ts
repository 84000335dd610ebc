// Purpose-bound, expiring subscription tokens: "<purpose>.<subscriber>.<expiry>.<mac>" where mac is
// HMAC-SHA256 over the three claims, base64url. Compared in constant time; every failure is TOKEN_INVALID.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { TallyError } from '../core/errors.js';

export type TokenPurpose = 'confirm' | 'unsubscribe' | 'preferences';

const PURPOSES: readonly TokenPurpose[] = ['confirm', 'unsubscribe', 'preferences'];

/** How long each kind of link stays valid. Unsubscribe links sit in old mail, so they live longest. */
export const TOKEN_LIFETIME_DAYS: Record<TokenPurpose, number> = {
  confirm: 3,
  unsubscribe: 400,
  preferences: 90,
};

const SUBSCRIBER = /^[a-f0-9]{16,128}$/;
const MAX_TOKEN_LENGTH = 300;

function mac(purpose: string, subscriber: string, expiry: string, secret: string): Buffer {
  // A fixed prefix and newline separators: no claim can contain a newline, so no two claim sets collide.
  return createHmac('sha256', secret).update(`tally-token-v1\n${purpose}\n${subscriber}\n${expiry}`).digest();
}

function assertSecret(secret: string): void {
  if (secret.length < 16)
    throw new TallyError('CONFIG_INVALID', 'tokens: the token secret must have 16+ characters');
}

export function signToken(
  claims: { purpose: TokenPurpose; subscriber: string; expiresAt: Date },
  secret: string,
): string {
  assertSecret(secret);
  if (!SUBSCRIBER.test(claims.subscriber)) {
    throw new TallyError('INPUT_INVALID', 'tokens: subscriber must be a hex subscriber hash');
  }
  const seconds = Math.floor(claims.expiresAt.getTime() / 1000);
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new TallyError('INPUT_INVALID', 'tokens: expiresAt is not a valid date');
  }
  const expiry = seconds.toString(36);
  const signature = mac(claims.purpose, claims.subscriber, expiry, secret).toString('base64url');
  return `${claims.purpose}.${claims.subscriber}.${expiry}.${signature}`;
}

function invalid(reason: string): TallyError {
  return new TallyError('TOKEN_INVALID', `tokens: ${reason}`);
}

export function verifyToken(
  token: string,
  purpose: TokenPurpose,
  secret: string,
  now: Date,
): { subscriber: string } {
  assertSecret(secret);
  if (typeof token !== 'string' || token.length === 0 || token.length > MAX_TOKEN_LENGTH) {
    throw invalid('the link is missing its token or the token is malformed');
  }
  const parts = token.split('.');
  if (parts.length !== 4) throw invalid('the token is malformed');
  const [tokenPurpose, subscriber, expiry, signature] = parts as [string, string, string, string];
  if (
    !PURPOSES.includes(tokenPurpose as TokenPurpose) ||
    !SUBSCRIBER.test(subscriber) ||
    !/^[0-9a-z]{1,12}$/.test(expiry)
  ) {
    throw invalid('the token is malformed');
  }
  const expected = mac(tokenPurpose, subscriber, expiry, secret);
  const given = Buffer.from(signature, 'base64url');
  // Check the signature before anything it vouches for, so a forged token learns nothing else.
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw invalid('the token signature does not match');
  }
  if (tokenPurpose !== purpose) throw invalid(`the token is for "${tokenPurpose}", not "${purpose}"`);
  if (Number.parseInt(expiry, 36) * 1000 <= now.getTime()) throw invalid('the link has expired');
  return { subscriber };
}

function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * 86_400_000);
}

export function tokenFor(purpose: TokenPurpose, subscriber: string, secret: string, now: Date): string {
  return signToken({ purpose, subscriber, expiresAt: addDays(now, TOKEN_LIFETIME_DAYS[purpose]) }, secret);
}

/** An absolute URL under the public base (which may carry a path prefix). */
export function publicUrl(publicBaseUrl: string, path: string, token?: string): string {
  const base = publicBaseUrl.endsWith('/') ? publicBaseUrl : `${publicBaseUrl}/`;
  const url = new URL(path.replace(/^\//, ''), base);
  if (token !== undefined) url.searchParams.set('token', token);
  return url.href;
}

export function subscriberLinks(
  publicBaseUrl: string,
  subscriberHash: string,
  secret: string,
  now: Date,
): { unsubscribeUrl: string; preferencesUrl: string } {
  return {
    unsubscribeUrl: publicUrl(
      publicBaseUrl,
      '/unsubscribe',
      tokenFor('unsubscribe', subscriberHash, secret, now),
    ),
    preferencesUrl: publicUrl(
      publicBaseUrl,
      '/preferences',
      tokenFor('preferences', subscriberHash, secret, now),
    ),
  };
}
