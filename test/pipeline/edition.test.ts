// The edition's stage order: track runs before compose and hands it the deltas. The digest and the ledger must be
// what the former order (compose, then track over the digest, deltas written back) gave.
import { describe, expect, it } from 'vitest';
import { type ComposeInput, composeDigest, selectStories } from '../../functions/compose/index.js';
import { emptyLedger, type Ledger, trackFigures } from '../../functions/track/index.js';
import { octoberInput, sampleDigestConfig, sampleInput } from '../fixtures/digest/sample.js';

/** The former order, kept here as the reference. */
function composeThenTrack(ledger: Ledger, input: ComposeInput) {
  const digest = composeDigest(input);
  const tracked = trackFigures(ledger, digest);
  digest.deltas = tracked.deltas;
  return { digest, ledger: tracked.ledger };
}

/** The order of pipeline/edition.ts: select, track the selected stories, compose with the deltas. */
function trackThenCompose(ledger: Ledger, input: ComposeInput) {
  const stories = selectStories(input);
  const tracked = trackFigures(ledger, {
    digest: input.digest.name,
    editionId: input.editionId,
    generatedAt: input.generatedAt,
    stories,
  });
  const digest = composeDigest({ ...input, stories, deltas: tracked.deltas });
  return { digest, ledger: tracked.ledger };
}

const october = octoberInput({ generatedAt: '2026-10-20T07:00:05.000Z' });

describe('track before compose', () => {
  it.each([
    ['a first edition', sampleInput()],
    ['a capped edition', sampleInput({ digest: { ...sampleDigestConfig, maxStories: 4 } })],
    ['a tag-filtered edition', sampleInput({ digest: { ...sampleDigestConfig, excludeTags: ['weather'] } })],
  ])('gives %s the digest and ledger of compose-then-track', (_name, input) => {
    const seeded = composeThenTrack(emptyLedger(), october).ledger;
    for (const ledger of [emptyLedger(), seeded]) {
      const expected = composeThenTrack(ledger, input);
      const actual = trackThenCompose(ledger, input);
      expect(JSON.stringify(actual.digest)).toBe(JSON.stringify(expected.digest));
      expect(actual.ledger).toEqual(expected.ledger);
    }
  });

  it('carries a change since an earlier edition into the digest', () => {
    const seeded = trackThenCompose(emptyLedger(), october).ledger;
    const { digest } = trackThenCompose(seeded, sampleInput());
    expect(digest.deltas.length).toBeGreaterThan(0);
    expect(digest.deltas[0]).toMatchObject({ kind: 'change', previous: { display: '~12,000' } });
  });

  it('tracks only the selected stories: a story past the cap adds nothing to the ledger', () => {
    const input = sampleInput({ digest: { ...sampleDigestConfig, maxStories: 1 } });
    const [only] = selectStories(input);
    const { ledger } = trackThenCompose(emptyLedger(), input);
    expect(new Set(ledger.entries.map((entry) => entry.storyId))).toEqual(new Set([only?.id]));
  });
});
