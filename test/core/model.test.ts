// The model's schemas are what every stored object is checked against: what Tally writes must read back the
// same (archived data keeps parsing, byte for byte where it is written again), and what it never writes is
// refused.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanItem } from '../../functions/clean/index.js';
import { composeDigest } from '../../functions/compose/index.js';
import {
  DeliveryClaimSchema,
  DigestSchema,
  KeyFigureSchema,
  LedgerEntrySchema,
  LedgerSchema,
  QualifierSchema,
  RenderedEditionSchema,
  StoredItemSchema,
  SubscriberSchema,
} from '../../functions/core/model.js';
import { extractItem } from '../../functions/extract/index.js';
import { parseFeed } from '../../functions/parse/index.js';
import { renderDigest } from '../../functions/render/index.js';
import { emptyLedger, trackFigures } from '../../functions/track/index.js';
import { FIXTURES } from '../archive/helpers.js';
import { sampleInput } from '../fixtures/digest/sample.js';

const FEEDS = join(FIXTURES, '..', 'feeds');

/** Written, read back and written again: the same bytes. */
function roundTrip(schema: { parse(value: unknown): unknown }, value: unknown): void {
  const written = JSON.stringify(value);
  expect(JSON.stringify(schema.parse(JSON.parse(written)))).toBe(written);
}

async function archivedDigests(): Promise<Array<[string, unknown]>> {
  const out: Array<[string, unknown]> = [];
  const root = join(FIXTURES, 'editions');
  for (const digest of await readdir(root)) {
    for (const edition of await readdir(join(root, digest))) {
      const path = join(root, digest, edition, 'digest.json');
      out.push([`${digest}/${edition}`, JSON.parse(await readFile(path, 'utf8'))]);
    }
  }
  return out;
}

describe('DigestSchema', () => {
  it('reads every archived fixture edition unchanged', async () => {
    const digests = await archivedDigests();
    expect(digests.length).toBeGreaterThan(0);
    for (const [, json] of digests) expect(DigestSchema.parse(json)).toEqual(json);
  });

  it('reads back what compose writes', () => {
    const digest = composeDigest(sampleInput());
    digest.deltas = trackFigures(emptyLedger(), digest).deltas;
    expect(DigestSchema.parse(JSON.parse(JSON.stringify(digest)))).toEqual(digest);
  });

  const broken: Array<[string, (d: Record<string, unknown>) => void, RegExp]> = [
    ['a window that is not a time', (d) => (d.window = { from: 'monday', to: 'tuesday' }), /window\.from/],
    ['a digest name that is not a key segment', (d) => (d.digest = 'a/b'), /digest/],
    ['no board', (d) => delete d.board, /board/],
  ];
  it.each(broken)('refuses %s', (_name, damage, path) => {
    const digest = JSON.parse(JSON.stringify(composeDigest(sampleInput()))) as Record<string, unknown>;
    damage(digest);
    const result = DigestSchema.safeParse(digest);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path.join('.')).toMatch(path);
  });
});

describe('StoredItemSchema', () => {
  it('reads back the items ingest writes, byte for byte', async () => {
    let items = 0;
    for (const file of ['outlet-a.rss.xml', 'outlet-b.atom.xml', 'outlet-c.json']) {
      const body = await readFile(join(FEEDS, file), 'utf8');
      const parsed = await parseFeed(body, { feedId: 'outlet', feedUrl: 'https://example.org/feed' });
      for (const item of parsed.items) {
        const stored = extractItem(cleanItem(item), 'Outlet', '2026-11-29T07:00:00.000Z');
        roundTrip(StoredItemSchema, stored);
        items++;
      }
    }
    expect(items).toBeGreaterThan(3);
  });

  it('refuses another version', () => {
    expect(StoredItemSchema.safeParse({ version: 2 }).success).toBe(false);
  });
});

describe('qualifiers', () => {
  it('are one enum for figures and ledger entries alike', () => {
    const entry = trackFigures(emptyLedger(), composeDigest(sampleInput())).ledger.entries[0];
    const figure = composeDigest(sampleInput()).board[0]?.figure;
    for (const qualifier of QualifierSchema.options) {
      expect(KeyFigureSchema.safeParse({ ...figure, qualifier }).success).toBe(true);
      expect(LedgerEntrySchema.safeParse({ ...entry, qualifier }).success).toBe(true);
    }
    expect(KeyFigureSchema.safeParse({ ...figure, qualifier: 'about' }).success).toBe(false);
    expect(LedgerEntrySchema.safeParse({ ...entry, qualifier: 'about' }).success).toBe(false);
  });
});

describe('LedgerSchema', () => {
  it('reads back what track writes', () => {
    const { ledger } = trackFigures(emptyLedger(), composeDigest(sampleInput()));
    expect(LedgerSchema.parse(JSON.parse(JSON.stringify(ledger)))).toEqual(ledger);
  });

  it('wants a value, or both ends of a range', () => {
    const [entry] = trackFigures(emptyLedger(), composeDigest(sampleInput())).ledger.entries;
    const { value: _value, ...rest } = entry ?? {};
    expect(LedgerEntrySchema.safeParse(rest).error?.issues[0]?.message).toBe('needs a value or low and high');
    expect(LedgerEntrySchema.safeParse({ ...rest, low: 1, high: 2 }).success).toBe(true);
  });
});

describe('the other stored records', () => {
  it('reads back the mail edition', () => {
    roundTrip(
      RenderedEditionSchema,
      renderDigest(composeDigest(sampleInput()), { publicBaseUrl: 'https://x.org' }),
    );
  });

  it('tells delivery claims apart by their status', () => {
    expect(DeliveryClaimSchema.parse({ status: 'claimed', claimedAt: 'x' })).toEqual({
      status: 'claimed',
      claimedAt: 'x',
    });
    expect(DeliveryClaimSchema.safeParse({ status: 'sent', claimedAt: 'x' }).success).toBe(false);
    expect(DeliveryClaimSchema.safeParse({ status: 'lost', claimedAt: 'x' }).success).toBe(false);
  });

  it('keeps a subscriber hash to 64 hex digits', () => {
    const subscriber = {
      email: 'reader@example.org',
      hash: 'a'.repeat(64),
      status: 'active',
      digests: ['daily'],
      timezone: 'Europe/Paris',
      sendHour: 7,
      createdAt: '2026-11-29T07:00:00.000Z',
      updatedAt: '2026-11-29T07:00:00.000Z',
    };
    roundTrip(SubscriberSchema, subscriber);
    expect(SubscriberSchema.safeParse({ ...subscriber, hash: '../x' }).success).toBe(false);
  });
});
