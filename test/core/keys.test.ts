import { describe, expect, it } from 'vitest';
import { TallyError } from '../../functions/core/errors.js';
import { isPrivateKey, keys } from '../../functions/core/keys.js';

describe('isPrivateKey', () => {
  const cases: Array<[string, boolean]> = [
    ['state/feeds/wire.json', true],
    ['items/2026/11/29/abc123.json', true],
    ['subscribers/0a1b.json', true],
    ['config/tally.config.json', true],
    [keys.sentClaim('daily', '2026-11-29-abc123', '0a1b'), true],
    [keys.deliveryReport('daily', '2026-11-29-abc123'), true],
    [keys.editionFile('daily', '2026-11-29-abc123', 'mail.json'), true],
    [keys.runBuilt('daily', '20261129T0700Z'), true],
    [keys.subscriber('0a1b'), true],
    [keys.editionFile('daily', '2026-11-29-abc123', 'digest.html'), false],
    [keys.editionFile('daily', '2026-11-29-abc123', 'digest.json'), false],
    ['editions/daily/feed.xml', false],
    ['index.html', false],
    [keys.ledgerCsv, false],
    [keys.ledgerJson, false],
    [keys.searchIndex, false],
    [keys.archiveManifest, false],
  ];
  it.each(cases)('%s → private %s', (key, expected) => {
    expect(isPrivateKey(key)).toBe(expected);
  });
});

describe('keys', () => {
  it.each([['../etc'], ['Daily'], ['a/b'], ['']])('refuses the unsafe segment %j', (segment) => {
    expect(() => keys.feedState(segment)).toThrow(/not a safe key segment/);
  });

  it('refuses an unsafe segment with INPUT_INVALID, whichever key it is for', () => {
    for (const build of [
      () => keys.sentClaim('../x', '2026-11-29', 'ab'),
      () => keys.deliveryReport('daily', 'a/b'),
      () => keys.runManifest('daily', '../20261129T0700Z'),
      () => keys.runDone('daily', '20261129T0700Z', 'Feed'),
      () => keys.digestEditions('a/b'),
    ]) {
      expect(build).toThrow(TallyError);
      expect(build).toThrow(expect.objectContaining({ code: 'INPUT_INVALID' }));
    }
  });

  it('files an item under the UTC day it was fetched', () => {
    expect(keys.item('2026-11-28T23:30:00-05:00', 'abc')).toBe('items/2026/11/29/abc.json');
    expect(keys.itemDay('2026-11-28T23:30:00-05:00')).toBe('items/2026/11/29/');
  });

  // The layout of ARCHITECTURE.md, byte for byte: archives written before keep being found.
  const layout: Array<[string, string]> = [
    [keys.feedState('wire'), 'state/feeds/wire.json'],
    [keys.seenIndex('wire'), 'state/seen/wire.json'],
    [keys.digestState('daily'), 'state/digests/daily.json'],
    [keys.runManifest('daily', '20261129T0700Z'), 'state/runs/daily/20261129T0700Z/manifest.json'],
    [keys.runDonePrefix('daily', '20261129T0700Z'), 'state/runs/daily/20261129T0700Z/done/'],
    [keys.runDone('daily', '20261129T0700Z', 'wire'), 'state/runs/daily/20261129T0700Z/done/wire.json'],
    [
      keys.runBuildRequested('daily', '20261129T0700Z'),
      'state/runs/daily/20261129T0700Z/build-requested.json',
    ],
    [keys.runBuilt('daily', '20261129T0700Z'), 'state/runs/daily/20261129T0700Z/built.json'],
    [keys.editions, 'editions/'],
    [keys.digestEditions('daily'), 'editions/daily/'],
    [keys.edition('daily', '2026-11-29-abc123'), 'editions/daily/2026-11-29-abc123/'],
    [
      keys.editionFile('daily', '2026-11-29-abc123', 'digest.json'),
      'editions/daily/2026-11-29-abc123/digest.json',
    ],
    [keys.sentClaim('daily', '2026-11-29', 'ab12'), 'editions/daily/2026-11-29/sent/ab12.json'],
    [keys.deliveryReport('daily', '2026-11-29'), 'editions/daily/2026-11-29/delivery.json'],
    [keys.ledgerJson, 'ledger/figures.json'],
    [keys.ledgerCsv, 'ledger/figures.csv'],
    [keys.ledgerFiles, 'ledger/figures.'],
    [keys.subscribers, 'subscribers/'],
    [keys.subscriber('ab12'), 'subscribers/ab12.json'],
    [keys.home, 'index.html'],
    [keys.monthPages, 'months/'],
    [keys.monthPage('2025-03'), 'months/2025-03/index.html'],
    [keys.digestPage('world'), 'editions/world/index.html'],
    [keys.digestFeed('world'), 'editions/world/feed.xml'],
    [keys.editionPage('world', '2025-03-05'), 'editions/world/2025-03-05/index.html'],
    [keys.archivedEditionFile('world', '2025-03-05', 'digest.txt'), 'editions/world/2025-03-05/digest.txt'],
    [keys.ledgerPage, 'ledger/index.html'],
    [keys.measurePages, 'ledger/measures/'],
    [keys.measurePage('deaths-1a2b3c4d'), 'ledger/measures/deaths-1a2b3c4d.html'],
    [keys.searchIndex, 'search/index.json'],
    [keys.archiveCss, 'assets/archive.css'],
    [keys.searchScript, 'assets/search.js'],
    [keys.archiveManifest, 'assets/manifest.json'],
  ];
  it.each(layout)('%s is %s', (key, expected) => {
    expect(key).toBe(expected);
  });

  it('puts a digest page, its feed and its editions under the same folder', () => {
    const folder = keys.digestEditions('world');
    for (const key of [
      keys.digestPage('world'),
      keys.digestFeed('world'),
      keys.editionPage('world', '2025-03-05'),
      keys.edition('world', '2025-03-05'),
    ]) {
      expect(key.startsWith(folder)).toBe(true);
    }
    expect(keys.measurePage('x').startsWith(keys.measurePages)).toBe(true);
    expect(keys.monthPage('2025-03').startsWith(keys.monthPages)).toBe(true);
    expect(keys.ledgerJson.startsWith(keys.ledgerFiles)).toBe(true);
  });
});
