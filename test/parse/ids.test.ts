import { describe, expect, it } from 'vitest';
import { canonicalUrl } from '../../functions/parse/ids.js';

describe('canonicalUrl', () => {
  it.each([
    ['HTTPS://News.Example.COM/a/b', 'https://news.example.com/a/b'],
    ['https://news.example.com:443/a/', 'https://news.example.com/a'],
    ['http://news.example.com:80/', 'http://news.example.com/'],
    ['https://n.example/a?utm_source=rss&utm_medium=feed&id=7', 'https://n.example/a?id=7'],
    ['https://n.example/a?fbclid=x&gclid=y&mc_cid=z&b=2&a=1', 'https://n.example/a?a=1&b=2'],
    ['https://n.example/a#comments', 'https://n.example/a'],
    ['https://user:pw@n.example/a', 'https://n.example/a'],
    ['  https://n.example/a  ', 'https://n.example/a'],
    ['not a url', 'not a url'],
  ])('%s → %s', (input, expected) => {
    expect(canonicalUrl(input)).toBe(expected);
  });
});
