import { describe, expect, it } from 'vitest';
import { cleanItem, sanitizeHtml } from '../../functions/clean/index.js';
import { htmlToText } from '../../functions/core/html-text.js';
import type { FeedItem } from '../../functions/core/model.js';
import { dangerousConstructs } from '../corpus/corpus-helpers.js';

const base = 'https://news.example/story/1';

describe('sanitizeHtml', () => {
  it.each([
    ['script', '<p>a</p><script>alert(1)</script>', '<p>a</p>'],
    ['event handler', '<p onclick="x()">a</p>', '<p>a</p>'],
    ['javascript: link', '<a href="javascript:alert(1)">a</a>', '<a>a</a>'],
    ['obfuscated javascript: link', '<a href="jav&#x09;ascript:alert(1)">a</a>', '<a>a</a>'],
    ['data: image', '<img src="data:image/png;base64,AAAA" alt="x">', ''],
    ['iframe with content', '<iframe src="https://evil.example/"><p>x</p></iframe>b', 'b'],
    ['object keeps its fallback text only', 'safe<object data="x.swf"> text</object>', 'safe text'],
    ['form and inputs', '<form action="https://evil.example/"><input name="q">Find</form>', 'Find'],
    [
      'base and meta',
      '<base href="https://evil.example/"><meta http-equiv="refresh" content="0;url=https://evil.example/">ok',
      'ok',
    ],
    ['style element', '<style>body{display:none}</style>ok', 'ok'],
    ['positioning style attribute', '<div style="position:fixed;top:0">ok</div>', '<div>ok</div>'],
    ['svg with script', '<svg><script>alert(1)</script></svg>ok', 'ok'],
    [
      'tracking pixel by size',
      '<p>a</p><img src="https://t.example/p.gif" width="1" height="1">',
      '<p>a</p>',
    ],
    ['tracking pixel by host', '<img src="https://feeds.feedburner.com/~r/x/~4/abc">', ''],
    [
      'relative link resolved',
      '<a href="/about">about</a>',
      '<a href="https://news.example/about">about</a>',
    ],
    [
      'relative image resolved',
      '<img src="pic.jpg" alt="p">',
      '<img src="https://news.example/story/pic.jpg" alt="p" />',
    ],
    [
      'mailto kept',
      '<a href="mailto:desk@news.example">mail</a>',
      '<a href="mailto:desk@news.example">mail</a>',
    ],
    [
      'plain formatting kept',
      '<p><b>3,500</b> <em>soldiers</em></p><ul><li>x</li></ul>',
      '<p><b>3,500</b> <em>soldiers</em></p><ul><li>x</li></ul>',
    ],
  ])('%s', (_name, html, expected) => {
    expect(sanitizeHtml(html, base)).toBe(expected);
  });

  it('drops relative URLs when there is no base to resolve them', () => {
    expect(sanitizeHtml('<a href="/x">x</a>')).toBe('<a>x</a>');
  });
});

describe('sanitizeHtml against known XSS vectors', () => {
  it.each([
    '<img src=x onerror=alert(1)//>',
    '<svg/onload=alert(1)>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
    '<a href=" javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>',
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<p style="position:absolute;top:0;left:0;width:100%;height:100%">overlay</p>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:/">',
    '<form><button formaction="javascript:alert(1)">x</button></form>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    '<img src="https://ok.example/a.png" srcset="javascript:alert(1) 1x">',
    '<table background="javascript:alert(1)"><tr><td>x</td></tr></table>',
    '<<script>script>alert(1)<</script>/script>',
    '<scr<script>ipt>alert(1)</scr</script>ipt>',
    '<a href="https://ok.example/" onmouseover="alert(1)">x</a>',
    '<details open ontoggle=alert(1)>',
    '<video><source onerror="alert(1)"></video>',
  ])('%s leaves nothing dangerous', (html) => {
    expect(dangerousConstructs(sanitizeHtml(html, base))).toEqual([]);
  });
});

describe('htmlToText', () => {
  it.each([
    ['<p>One</p><p>Two</p>', 'One\n\nTwo'],
    ['<h2>Head</h2>Body <b>bold</b> <i>it</i>', 'Head\n\nBody bold it'],
    ['A<br>B', 'A\nB'],
    ['AT&amp;T &mdash; &#8220;q&#8221;', 'AT&T — “q”'],
    ['<script>x()</script><style>p{}</style>Text', 'Text'],
    ['  lots   of\n\n\n\n space ', 'lots of\n\nspace'],
    ['<p>x</p><ul><li>a</li><li>b</li></ul>', 'x\n\na\nb'],
    ['plain 1 < 2', 'plain 1 < 2'],
    [`${'<div>'.repeat(20_000)}deep`, 'deep'],
  ])('%j → %j', (html, text) => {
    expect(htmlToText(html)).toBe(text);
  });
});

describe('cleanItem', () => {
  const item: FeedItem = {
    id: 'abc',
    feedId: 'f',
    url: base,
    title: 'T',
    text: '',
    categories: [],
    html: '<p>Some <b>3,500</b> soldiers.</p><script>x</script><img src="/p.gif" width="1" height="1">',
  };

  it('sanitizes html and fills text', () => {
    expect(cleanItem(item)).toEqual({
      ...item,
      html: '<p>Some <b>3,500</b> soldiers.</p>',
      text: 'Some 3,500 soldiers.',
    });
  });

  it('removes html that sanitizes to nothing', () => {
    const cleaned = cleanItem({ ...item, html: '<script>x</script>' });
    expect(cleaned.html).toBeUndefined();
    expect(cleaned.text).toBe('');
  });

  it('does not change its input', () => {
    const copy = structuredClone(item);
    cleanItem(item);
    expect(item).toEqual(copy);
  });
});
