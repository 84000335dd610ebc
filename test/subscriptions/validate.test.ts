import { describe, expect, it } from 'vitest';
import { TallyError } from '../../functions/core/errors.js';
import { RateLimiter } from '../../functions/subscriptions/rate-limit.js';
import { isTimeZone, parseBody, validateSubscribe } from '../../functions/subscriptions/validate.js';

const DIGESTS = ['daily', 'weekly'];

describe('validateSubscribe', () => {
  const accepted: Array<{ name: string; input: Record<string, unknown>; expected: Record<string, unknown> }> =
    [
      {
        name: 'an address alone (defaults: every digest, UTC, 07:00)',
        input: { email: 'reader@example.org' },
        expected: { email: 'reader@example.org', digests: DIGESTS, timezone: 'UTC', sendHour: 7 },
      },
      {
        name: 'form values as strings',
        input: { email: ' reader@example.org ', digests: 'weekly', timezone: 'Asia/Kolkata', sendHour: '18' },
        expected: {
          email: 'reader@example.org',
          digests: ['weekly'],
          timezone: 'Asia/Kolkata',
          sendHour: 18,
        },
      },
      {
        name: 'JSON values and a repeated digest',
        input: {
          email: 'a.b+tag@sub.example.org',
          digests: ['daily', 'daily'],
          timezone: 'America/New_York',
          sendHour: 0,
        },
        expected: { digests: ['daily'], timezone: 'America/New_York', sendHour: 0 },
      },
    ];
  it.each(accepted)('accepts $name', ({ input, expected }) => {
    expect(validateSubscribe(input, DIGESTS)).toMatchObject(expected);
  });

  const rejected: Array<{ name: string; input: Record<string, unknown>; message: RegExp }> = [
    { name: 'no email', input: {}, message: /email is required/ },
    { name: 'a number as email', input: { email: 42 }, message: /email is required/ },
    {
      name: 'CR/LF in the address',
      input: { email: 'a@example.org\r\nBcc: b@example.org' },
      message: /one line/,
    },
    {
      name: 'two addresses',
      input: { email: 'a@example.org,b@example.org' },
      message: /not a valid address/,
    },
    { name: 'a display name', input: { email: 'A <a@example.org>' }, message: /not a valid address/ },
    { name: 'no domain dot', input: { email: 'a@localhost' }, message: /not a valid address/ },
    { name: 'a too long address', input: { email: `${'a'.repeat(250)}@example.org` }, message: /254/ },
    {
      name: 'a too long local part',
      input: { email: `${'a'.repeat(65)}@example.org` },
      message: /not a valid address/,
    },
    {
      name: 'an unknown digest',
      input: { email: 'a@example.org', digests: ['daily', 'secret'] },
      message: /unknown digest/,
    },
    { name: 'a made-up zone', input: { email: 'a@example.org', timezone: 'Mars/Olympus' }, message: /IANA/ },
    {
      name: 'a zone with a path trick',
      input: { email: 'a@example.org', timezone: '../../etc' },
      message: /IANA/,
    },
    { name: 'hour 24', input: { email: 'a@example.org', sendHour: 24 }, message: /0 to 23/ },
    { name: 'a fractional hour', input: { email: 'a@example.org', sendHour: 7.5 }, message: /0 to 23/ },
    { name: 'an hour in words', input: { email: 'a@example.org', sendHour: 'seven' }, message: /0 to 23/ },
  ];
  it.each(rejected)('rejects $name with INPUT_INVALID', ({ input, message }) => {
    let error: unknown;
    try {
      validateSubscribe(input, DIGESTS);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TallyError);
    expect((error as TallyError).code).toBe('INPUT_INVALID');
    expect((error as TallyError).message).toMatch(message);
  });
});

describe('isTimeZone', () => {
  it.each([
    ['Europe/London', true],
    ['UTC', true],
    ['America/Argentina/Buenos_Aires', true],
    ['Europe/Lndon', false],
    ['', false],
    ['UTC\n', false],
  ])('%j → %s', (zone, expected) => {
    expect(isTimeZone(zone)).toBe(expected);
  });
});

describe('parseBody', () => {
  it.each([
    [
      'application/x-www-form-urlencoded',
      'email=a%40example.org&digests=daily&digests=weekly',
      { email: 'a@example.org', digests: ['daily', 'weekly'] },
    ],
    ['application/json; charset=utf-8', '{"email":"a@example.org"}', { email: 'a@example.org' }],
    [undefined, 'email=a%40example.org', { email: 'a@example.org' }],
  ])('reads %s bodies', (type, body, expected) => {
    expect(parseBody(body, type)).toEqual(expected);
  });
  it.each([
    ['application/json', '[1,2]'],
    ['application/json', '{nope'],
    ['text/xml', '<a/>'],
  ])('rejects %s %j', (type, body) => {
    expect(() => parseBody(body, type)).toThrow(/subscriptions: /);
  });
});

describe('RateLimiter', () => {
  it('allows the limit per window, then refuses, then allows again in the next window', () => {
    let now = 0;
    const limiter = new RateLimiter({ limit: 3, windowMs: 1000, clock: { now: () => new Date(now) } });
    const hits = [1, 2, 3, 4].map(() => limiter.take('ip'));
    expect(hits).toEqual([true, true, true, false]);
    expect(limiter.take('other')).toBe(true);
    now = 1000;
    expect(limiter.take('ip')).toBe(true);
  });

  it('keeps memory bounded', () => {
    const limiter = new RateLimiter({
      limit: 1,
      windowMs: 1000,
      clock: { now: () => new Date(0) },
      maxKeys: 10,
    });
    for (let i = 0; i < 100; i++) limiter.take(`k${i}`);
    expect((limiter as unknown as { windows: Map<string, unknown> }).windows.size).toBeLessThanOrEqual(10);
  });
});
