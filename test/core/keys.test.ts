import { describe, expect, it } from 'vitest';
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
    [keys.editionFile('daily', '2026-11-29-abc123', 'digest.html'), false],
    [keys.editionFile('daily', '2026-11-29-abc123', 'digest.json'), false],
    ['editions/daily/feed.xml', false],
    ['index.html', false],
    [keys.ledgerCsv, false],
  ];
  it.each(cases)('%s → private %s', (key, expected) => {
    expect(isPrivateKey(key)).toBe(expected);
  });
});

describe('keys', () => {
  it.each([['../etc'], ['Daily'], ['a/b'], ['']])('refuses the unsafe segment %j', (segment) => {
    expect(() => keys.feedState(segment)).toThrow(/not a safe key segment/);
  });

  it('files an item under the UTC day it was fetched', () => {
    expect(keys.item('2026-11-28T23:30:00-05:00', 'abc')).toBe('items/2026/11/29/abc.json');
  });
});
