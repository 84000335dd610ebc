// The escapers, one per output context: what each turns a string into, and that a browser's or an XML reader's
// parse of the result gives the string back (less what the context cannot carry).
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { escapeHtml as archiveEscape } from '../../functions/archive/site/html.js';
import { cleanText, escapeHtml, escapeMailHtml, escapeXmlAttribute } from '../../functions/core/escape.js';
import { parseOpml } from '../../functions/parse/opml.js';
import { escapeHtml as feedEscape } from '../../functions/parse/xml-tree.js';
import { SLOT_CLOSE, SLOT_OPEN } from '../../functions/render/template.js';

/** The title attribute and the text of `<p title="…">…</p>` (or single-quoted) as an HTML parser reads them. */
function readBack(escaped: string, quote: '"' | "'"): { attribute: string | null; text: string | null } {
  const { document } = parseHTML(
    `<!doctype html><html><body><p title=${quote}${escaped}${quote}>${escaped}</p></body></html>`,
  );
  const p = document.querySelector('p');
  return { attribute: p?.getAttribute('title') ?? null, text: p?.textContent ?? null };
}

describe('escapeHtml', () => {
  it.each([
    ['markup', '<b>x</b> & y', '&lt;b&gt;x&lt;/b&gt; &amp; y'],
    ['both quotes', `"a" 'b'`, '&quot;a&quot; &#39;b&#39;'],
    ['an attribute breakout', 'x" onmouseover="alert(1)', 'x&quot; onmouseover=&quot;alert(1)'],
    ['C0 controls, dropped', 'a\u0000b\u0007c\u001bd\u000be\u000cf', 'abcdef'],
    ['slot markers, dropped', `x${SLOT_OPEN}account${SLOT_CLOSE}y`, 'xaccounty'],
    ['tab, newline and carriage return, kept', 'a\tb\nc\r\nd', 'a\tb\nc\r\nd'],
    ['DEL, kept (XML allows it)', 'a\u007fb', 'a\u007fb'],
    ['a lone surrogate, dropped', 'lone \uD800 and \uDC00 halves', 'lone  and  halves'],
    ['U+FFFE and U+FFFF, dropped', 'a\uFFFEb\uFFFFc', 'abc'],
    ['non-ASCII, kept as it is', 'café — 📈 “15,500”', 'café — 📈 “15,500”'],
    ['an entity-looking text', '&amp; &#39;', '&amp;amp; &amp;#39;'],
    ['the empty string', '', ''],
  ])('%s', (_name, input, expected) => {
    expect(escapeHtml(input)).toBe(expected);
  });

  it.each([
    ['double', '"'],
    ['single', "'"],
  ] as const)('reads back the same from element text and a %s-quoted attribute', (_name, quote) => {
    for (const value of [
      `"quoted" & 'single'`,
      'x" onmouseover="alert(1)',
      "x' onclick='y",
      '<script>1</script>',
    ]) {
      expect(readBack(escapeHtml(value), quote)).toEqual({ attribute: value, text: value });
    }
  });

  it('is the escaper the archive pages and the feed readers use', () => {
    expect(archiveEscape).toBe(escapeHtml);
    // parse/xml-tree's own escaper left quotes as they were, so a quote in feed text closed an attribute.
    expect(feedEscape).toBe(escapeHtml);
    expect(readBack(feedEscape('x" onmouseover="alert(1)'), '"').attribute).toBe('x" onmouseover="alert(1)');
  });
});

describe('escapeXmlAttribute', () => {
  it.each([
    [
      'markup and quotes',
      `A "quoted" <name> & 'more'`,
      'A &quot;quoted&quot; &lt;name&gt; &amp; &#39;more&#39;',
    ],
    ['newlines and tabs, as spaces', 'a\nb\r\nc\rd\te', 'a b c d e'],
    ['characters XML forbids, dropped', 'a\u0000b\uFFFFc\uD800d', 'abcd'],
    ['non-ASCII, kept', 'Nachrichten – Ü', 'Nachrichten – Ü'],
  ])('%s', (_name, input, expected) => {
    expect(escapeXmlAttribute(input)).toBe(expected);
  });

  it('reads back from an OPML document as written, so an export round-trips', () => {
    const value = `Feeds "A" & 'B' <c>\u0000 next\tline`;
    const opml = `<?xml version="1.0"?><opml version="2.0"><body><outline text="${escapeXmlAttribute(
      value,
    )}" xmlUrl="https://a.example/feed?x=1&amp;y=2"/></body></opml>`;
    expect(parseOpml(opml)).toEqual([
      { name: `Feeds "A" & 'B' <c> next line`, url: 'https://a.example/feed?x=1&y=2', tags: [] },
    ]);
  });
});

describe('cleanText', () => {
  it.each([
    ['control characters', 'a\u0000b\u0007c\u001bd\u007fe', 'abcde'],
    ['slot markers', `x${SLOT_OPEN}account${SLOT_CLOSE}y`, 'xaccounty'],
    ['carriage returns', 'a\r\nb\rc', 'a\nb\nc'],
    ['tabs and markup, left alone', 'a\t<b>', 'a\t<b>'],
  ])('%s', (_name, input, expected) => {
    expect(cleanText(input)).toBe(expected);
  });
});

describe('escapeMailHtml', () => {
  const cases: Array<[string, string, string]> = [
    ['markup', '<b>"x"</b>', '&lt;b&gt;&quot;x&quot;&lt;/b&gt;'],
    ['control characters', 'a\u0000b\u0007c\u001bd', 'abcd'],
    ['slot markers', `x${SLOT_OPEN}account${SLOT_CLOSE}y`, 'xaccounty'],
    ['carriage returns', 'a\r\nb\rc', 'a\nb\nc'],
    ['an apostrophe', "it's", 'it&#39;s'],
    ['non-ASCII, as numeric references', 'café “x” 📈', 'caf&#233; &#8220;x&#8221; &#128200;'],
  ];
  it.each(cases)('neutralizes %s', (_name, input, expected) => {
    expect(escapeMailHtml(input)).toBe(expected);
  });

  it('always gives ASCII that reads back as the cleaned text', () => {
    const value = `"Zürich" & 'Kyiv' <b>📈</b>\r\nnext`;
    const escaped = escapeMailHtml(value);
    expect([...escaped].every((ch) => ch.charCodeAt(0) < 0x80)).toBe(true);
    expect(readBack(escaped, '"')).toEqual({ attribute: cleanText(value), text: cleanText(value) });
  });
});
