import { describe, expect, it } from 'vitest';
import { TallyError } from '../../functions/core/errors.js';
import {
  signToken,
  subscriberLinks,
  type TokenPurpose,
  verifyToken,
} from '../../functions/subscriptions/tokens.js';

const SECRET = 'a-test-secret-of-32-characters!!';
const HASH = 'ab'.repeat(32);
const NOW = new Date('2026-11-29T12:00:00Z');
const LATER = new Date('2026-12-01T12:00:00Z');

function token(purpose: TokenPurpose = 'unsubscribe', expiresAt = LATER, secret = SECRET): string {
  return signToken({ purpose, subscriber: HASH, expiresAt }, secret);
}

function flip(text: string, index: number): string {
  const chars = [...text];
  const i = index < 0 ? chars.length + index : index;
  chars[i] = chars[i] === 'A' ? 'B' : 'A';
  return chars.join('');
}

describe('signToken / verifyToken', () => {
  it('accepts its own token for the same purpose before expiry', () => {
    expect(verifyToken(token(), 'unsubscribe', SECRET, NOW)).toEqual({ subscriber: HASH });
  });

  const rejects: Array<{
    name: string;
    token: () => string;
    purpose?: TokenPurpose;
    now?: Date;
    secret?: string;
  }> = [
    { name: 'a tampered signature', token: () => flip(token(), -3) },
    { name: 'a tampered subscriber', token: () => token().replace(HASH, 'cd'.repeat(32)) },
    { name: 'a tampered expiry', token: () => token().replace(/\.([0-9a-z]+)\.([^.]+)$/, '.zzzzzzz.$2') },
    {
      name: 'the purpose swapped in the token',
      token: () => token('confirm').replace(/^confirm\./, 'unsubscribe.'),
    },
    { name: 'a token for another purpose', token: () => token('confirm') },
    { name: 'an expired token', token: () => token('unsubscribe', new Date('2026-11-29T11:59:59Z')) },
    { name: 'a token expiring exactly now', token: () => token('unsubscribe', NOW) },
    { name: 'another secret', token: () => token('unsubscribe', LATER, 'another-secret-of-32-characters!') },
    { name: 'an empty token', token: () => '' },
    { name: 'a token with extra parts', token: () => `${token()}.x` },
    { name: 'a truncated signature', token: () => token().slice(0, -5) },
    { name: 'an overlong token', token: () => `${token()}${'A'.repeat(400)}` },
    { name: 'a token with an unknown purpose', token: () => token().replace(/^unsubscribe/, 'admin') },
  ];
  it.each(rejects)('rejects $name with TOKEN_INVALID', (c) => {
    let error: unknown;
    try {
      verifyToken(c.token(), c.purpose ?? 'unsubscribe', c.secret ?? SECRET, c.now ?? NOW);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TallyError);
    expect((error as TallyError).code).toBe('TOKEN_INVALID');
    expect((error as TallyError).message).toMatch(/^tokens: /);
  });

  it('refuses a short secret', () => {
    expect(() => token('unsubscribe', LATER, 'short')).toThrow(/16/);
  });

  it('refuses a subscriber that is not a hex hash', () => {
    expect(() => signToken({ purpose: 'confirm', subscriber: 'a.b', expiresAt: LATER }, SECRET)).toThrow(
      TallyError,
    );
  });
});

describe('subscriberLinks', () => {
  it.each([
    ['https://tally.example.org', 'https://tally.example.org/unsubscribe?token='],
    ['https://tally.example.org/', 'https://tally.example.org/unsubscribe?token='],
    ['https://example.org/news/tally', 'https://example.org/news/tally/unsubscribe?token='],
  ])('builds links under %s', (base, prefix) => {
    const links = subscriberLinks(base, HASH, SECRET, NOW);
    expect(links.unsubscribeUrl.startsWith(prefix)).toBe(true);
    const unsubscribe = new URL(links.unsubscribeUrl).searchParams.get('token') ?? '';
    const preferences = new URL(links.preferencesUrl).searchParams.get('token') ?? '';
    expect(verifyToken(unsubscribe, 'unsubscribe', SECRET, NOW).subscriber).toBe(HASH);
    expect(verifyToken(preferences, 'preferences', SECRET, NOW).subscriber).toBe(HASH);
    expect(() => verifyToken(unsubscribe, 'preferences', SECRET, NOW)).toThrow(TallyError);
  });

  it('keeps an unsubscribe link valid for months (old mail still unsubscribes)', () => {
    const links = subscriberLinks('https://tally.example.org', HASH, SECRET, NOW);
    const token = new URL(links.unsubscribeUrl).searchParams.get('token') ?? '';
    expect(verifyToken(token, 'unsubscribe', SECRET, new Date('2027-11-01T00:00:00Z')).subscriber).toBe(HASH);
  });
});
