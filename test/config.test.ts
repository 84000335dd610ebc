import { describe, expect, it } from 'vitest';
import { parseConfig } from '../functions/config.js';
import { ConfigError } from '../functions/core/errors.js';

const valid = {
  feeds: [{ name: 'Wire', url: 'https://wire.example.com/feed.xml', tags: ['world'] }],
  digests: [{ name: 'daily', title: 'Daily', schedule: { cron: '0 7 * * *', timezone: 'Europe/London' } }],
  sender: { from: 'Tally <digest@example.org>' },
};

function withChange(change: (c: Record<string, unknown>) => void): unknown {
  const copy = structuredClone(valid) as Record<string, unknown>;
  change(copy);
  return copy;
}

describe('parseConfig', () => {
  it('fills defaults and derives feed ids', () => {
    const config = parseConfig(valid, '/srv/tally');
    expect(config.feeds[0]).toMatchObject({ id: 'wire', priority: 1, fullText: false });
    expect(config.digests[0]).toMatchObject({ windowHours: 24, maxStories: 12, skipWhenEmpty: true });
    expect(config.archive.location).toBe('/srv/tally/.tally/archive');
    expect(config.mailer).toEqual({ type: 'outbox', dir: '/srv/tally/.tally/outbox' });
    expect(config.fetch).toMatchObject({
      connectTimeoutMs: 5000,
      timeoutMs: 20000,
      maxBytes: 10485760,
      maxRedirects: 5,
    });
  });

  it('turns a feed file into a file URL relative to the config folder', () => {
    const config = parseConfig(
      withChange((c) => {
        c.feeds = [{ name: 'Local', file: 'feeds/local.xml' }];
      }),
      '/srv/tally',
    );
    expect(config.feeds[0]?.url).toBe('file:///srv/tally/feeds/local.xml');
  });

  it('keeps an s3:// archive location as is', () => {
    const config = parseConfig(
      withChange((c) => {
        c.archive = { location: 's3://bucket/prefix', endpoint: 'http://127.0.0.1:7480' };
      }),
      '/srv',
    );
    expect(config.archive.location).toBe('s3://bucket/prefix');
  });

  const invalid: Array<[string, (c: Record<string, unknown>) => void, RegExp]> = [
    [
      'a feed url that is not http(s)',
      (c) => {
        c.feeds = [valid.feeds[0], valid.feeds[0], { name: 'X', url: 'ftp://x.example.com/feed' }];
      },
      /^config: feeds\[2\]\.url must be http\(s\) or a file path/,
    ],
    [
      'a feed with neither url nor file',
      (c) => {
        c.feeds = [{ name: 'X' }];
      },
      /feeds\[0\] needs exactly one/,
    ],
    [
      'an unknown time zone',
      (c) => {
        c.digests = [{ name: 'd', title: 'D', schedule: { cron: '0 7 * * *', timezone: 'Mars/Olympus' } }];
      },
      /digests\[0\]\.schedule\.timezone must be an IANA time zone/,
    ],
    [
      'a cron with six fields',
      (c) => {
        c.digests = [{ name: 'd', title: 'D', schedule: { cron: '0 0 7 * * *', timezone: 'UTC' } }];
      },
      /digests\[0\]\.schedule\.cron must be a five-field cron/,
    ],
    [
      'no digest',
      (c) => {
        c.digests = [];
      },
      /^config: digests needs at least one digest/,
    ],
    [
      'a missing sender',
      (c) => {
        delete c.sender;
      },
      /^config: sender/,
    ],
    [
      'an unknown key',
      (c) => {
        c.feeds_ = [];
      },
      /^config: \(top level\)/,
    ],
    [
      'a subscriber of an unknown digest',
      (c) => {
        c.subscribers = [{ email: 'a@example.org', digests: ['weekly'] }];
      },
      /subscribers\[0\]\.digests\[0\] names unknown digest "weekly"/,
    ],
    [
      'a subscriber address that is not one',
      (c) => {
        c.subscribers = [{ email: 'not an address' }];
      },
      /subscribers\[0\]\.email must be an email address/,
    ],
    [
      'a digest name unsafe in a URL',
      (c) => {
        c.digests = [{ name: 'Daily News', title: 'D' }];
      },
      /digests\[0\]\.name must be lowercase/,
    ],
    [
      'a sender with a line break',
      (c) => {
        c.sender = { from: 'a@example.org\r\nBcc: x@example.org' };
      },
      /sender\.from must be one line/,
    ],
    [
      'two feeds with the same id',
      (c) => {
        c.feeds = [valid.feeds[0], valid.feeds[0]];
      },
      /feeds\[1\] repeats feed id "wire"/,
    ],
  ];

  it.each(invalid)('rejects %s, naming the field', (_name, change, message) => {
    expect(() => parseConfig(withChange(change), '/srv')).toThrow(ConfigError);
    expect(() => parseConfig(withChange(change), '/srv')).toThrow(message);
  });
});
