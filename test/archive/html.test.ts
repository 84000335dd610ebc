import { describe, expect, it } from 'vitest';
import { escapeHtml, link, monthLabel, relativeHref, safeHref } from '../../functions/archive/site/html.js';

describe('escapeHtml', () => {
  it.each([
    ['<script>alert(1)</script>', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    [`"quoted" & 'single'`, '&quot;quoted&quot; &amp; &#39;single&#39;'],
    ['bell\u0007 and nul\u0000 removed', 'bell and nul removed'],
    ['lone \uD800 surrogate', 'lone  surrogate'],
    ['tab\tnewline\n kept', 'tab\tnewline\n kept'],
    ['emoji 📈 kept', 'emoji 📈 kept'],
  ])('%j → %j', (input, expected) => {
    expect(escapeHtml(input)).toBe(expected);
  });
});

describe('safeHref', () => {
  it.each([
    ['https://www.upi.com/a?b=1&c=2', 'https://www.upi.com/a?b=1&c=2'],
    ['http://example.org', 'http://example.org/'],
    ['javascript:alert(1)', undefined],
    ['JaVaScRiPt:alert(1)', undefined],
    ['data:text/html,<b>x</b>', undefined],
    ['//evil.example/x', undefined],
    ['not a url', undefined],
    [undefined, undefined],
  ])('%j → %j', (input, expected) => {
    expect(safeHref(input)).toBe(expected);
  });
});

describe('link', () => {
  it('escapes the URL and the text', () => {
    expect(link('https://e.org/?a="b"&c', '<b>T</b>')).toBe(
      '<a href="https://e.org/?a=%22b%22&amp;c">&lt;b&gt;T&lt;/b&gt;</a>',
    );
  });
  it('keeps only the text when the URL is not http(s)', () => {
    expect(link('javascript:alert(1)', 'Click')).toBe('Click');
  });
});

describe('relativeHref', () => {
  it.each([
    ['index.html', 'editions/world/index.html', 'editions/world/index.html'],
    ['editions/world/index.html', 'editions/world/2025-03-05/index.html', '2025-03-05/index.html'],
    ['editions/world/2025-03-05/index.html', 'editions/world/index.html', '../index.html'],
    ['editions/world/2025-03-05/index.html', 'index.html', '../../../index.html'],
    ['editions/world/2025-03-05/index.html', 'assets/archive.css', '../../../assets/archive.css'],
    ['months/2025-03/index.html', 'editions/markets/feed.xml', '../../editions/markets/feed.xml'],
    ['ledger/index.html', 'ledger/figures.csv', 'figures.csv'],
  ])('from %s to %s → %s', (from, to, expected) => {
    expect(relativeHref(from, to)).toBe(expected);
    // What a browser makes of it lands on the target key.
    expect(new URL(expected, `https://x.example/base/${from}`).href).toBe(`https://x.example/base/${to}`);
  });
});

describe('monthLabel', () => {
  it.each([
    ['2025-03', 'March 2025'],
    ['2024-12', 'December 2024'],
    ['garbage', 'garbage'],
  ])('%s → %s', (month, label) => {
    expect(monthLabel(month)).toBe(label);
  });
});
