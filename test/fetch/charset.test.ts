import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeFeedBody, normalizeCharset } from '../../functions/fetch/charset.js';

const xml = (encoding: string, title: string) =>
  `<?xml version="1.0" encoding="${encoding}"?><rss><channel><title>${title}</title></channel></rss>`;
const bom = (bytes: number[], body: Buffer) => Buffer.concat([Buffer.from(bytes), body]);

/** The 27 characters windows-1252 defines in 0x80–0x9f (the other five bytes are C1 controls). */
const WINDOWS_1252_C1 = '€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ';

describe('decodeFeedBody', () => {
  it.each([
    ['UTF-8 without declaration', Buffer.from(xml('utf-8', 'Zoë')), undefined, 'Zoë'],
    [
      'UTF-8 BOM beats a wrong HTTP charset',
      bom([0xef, 0xbb, 0xbf], Buffer.from(xml('utf-8', 'Zoë'))),
      'text/xml; charset=iso-8859-1',
      'Zoë',
    ],
    [
      'UTF-16LE BOM',
      bom([0xff, 0xfe], iconv.encode(xml('utf-16', 'Україна'), 'utf-16le')),
      undefined,
      'Україна',
    ],
    [
      'UTF-16BE BOM',
      bom([0xfe, 0xff], iconv.encode(xml('utf-16', 'Україна'), 'utf-16be')),
      undefined,
      'Україна',
    ],
    ['UTF-16LE without BOM', iconv.encode(xml('utf-16', '日本'), 'utf-16le'), undefined, '日本'],
    ['UTF-32BE BOM', bom([0, 0, 0xfe, 0xff], iconv.encode(xml('utf-32', 'ß€'), 'utf-32be')), undefined, 'ß€'],
    ['UTF-32LE without BOM', iconv.encode(xml('utf-32', 'ß€'), 'utf-32le'), undefined, 'ß€'],
    [
      'HTTP charset windows-1252',
      iconv.encode(xml('utf-8', '“€”'), 'windows-1252'),
      'application/rss+xml; charset=windows-1252',
      '“€”',
    ],
    [
      'HTTP charset beats the XML declaration',
      iconv.encode(xml('utf-8', 'café'), 'latin1'),
      'text/xml; charset="ISO-8859-1"',
      'café',
    ],
    [
      'ISO-8859-1 read as windows-1252 (curly quotes in 0x80–0x9f)',
      iconv.encode(xml('iso-8859-1', '“q”'), 'windows-1252'),
      undefined,
      '“q”',
    ],
    ['ISO-8859-2 declaration', iconv.encode(xml('iso-8859-2', 'Łódź'), 'iso-8859-2'), undefined, 'Łódź'],
    ['KOI8-R declaration', iconv.encode(xml('koi8-r', 'Москва'), 'koi8-r'), undefined, 'Москва'],
    ['EUC-KR declaration', iconv.encode(xml('euc-kr', '서울'), 'euc-kr'), undefined, '서울'],
    ['Big5 declaration', iconv.encode(xml('big5', '臺北'), 'big5'), undefined, '臺北'],
    ['Shift_JIS declaration', iconv.encode(xml('shift_jis', '東京'), 'shift_jis'), undefined, '東京'],
    ['GB2312 declaration read as GB18030', iconv.encode(xml('gb2312', '北京'), 'gb18030'), undefined, '北京'],
    ['GB18030 from HTTP', iconv.encode(xml('utf-8', '𠀀北'), 'gb18030'), 'text/xml;charset=gb18030', '𠀀北'],
    [
      'HTML meta charset (article pages)',
      iconv.encode(
        '<!doctype html><html><head><meta charset="windows-1252"><title>“€”</title></head></html>',
        'windows-1252',
      ),
      undefined,
      '“€”',
    ],
    [
      'HTML http-equiv charset',
      iconv.encode(
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=koi8-r"><title>Москва</title>',
        'koi8-r',
      ),
      undefined,
      'Москва',
    ],
    ['unknown label falls back to UTF-8', Buffer.from(xml('x-no-such-charset', 'ok ü')), undefined, 'ok ü'],
    [
      'a WHATWG "replacement" label falls back to UTF-8',
      Buffer.from(xml('iso-2022-kr', 'ok ü')),
      undefined,
      'ok ü',
    ],
    [
      'every windows-1252 character in 0x80–0x9f',
      iconv.encode(xml('windows-1252', WINDOWS_1252_C1), 'windows-1252'),
      undefined,
      WINDOWS_1252_C1,
    ],
    [
      '"latin-1" (outside the standard) read as windows-1252',
      iconv.encode(xml('latin-1', '€ Zoë'), 'windows-1252'),
      undefined,
      '€ Zoë',
    ],
    [
      'windows-1251 from HTTP',
      iconv.encode(xml('utf-8', 'Київ'), 'windows-1251'),
      'text/xml; charset=cp1251',
      'Київ',
    ],
    ['ISO-8859-15 declaration', iconv.encode(xml('iso-8859-15', '€ œ'), 'iso-8859-15'), undefined, '€ œ'],
    ['EUC-JP declaration', iconv.encode(xml('euc-jp', '大阪'), 'euc-jp'), undefined, '大阪'],
    [
      'UTF-32LE BOM, astral',
      bom([0xff, 0xfe, 0, 0], iconv.encode(xml('utf-32', '𝄞😀'), 'utf-32le')),
      undefined,
      '𝄞😀',
    ],
    ['UTF-32BE without BOM', iconv.encode(xml('utf-32', 'Ω'), 'utf-32be'), undefined, 'Ω'],
    [
      'UTF-32 from HTTP',
      iconv.encode(xml('utf-32', 'Ω'), 'utf-32le'),
      'application/xml; charset=UTF-32',
      'Ω',
    ],
  ])('%s', (_name, bytes, contentType, title) => {
    const text = decodeFeedBody(new Uint8Array(bytes), contentType);
    expect(text).toContain(`<title>${title}</title>`);
    expect(text.charCodeAt(0)).not.toBe(0xfeff);
  });

  it('replaces invalid UTF-8 instead of throwing', () => {
    const text = decodeFeedBody(new Uint8Array([0x3c, 0x61, 0x3e, 0xff, 0xfe, 0x3c, 0x2f, 0x61, 0x3e]));
    expect(text).toBe('<a>\ufffd\ufffd</a>');
  });

  it('reads the five undefined windows-1252 bytes as C1 controls, as browsers do', () => {
    const text = decodeFeedBody(
      new Uint8Array([0x81, 0x8d, 0x8f, 0x90, 0x9d, 0x80]),
      'text/plain; charset=windows-1252',
    );
    expect(text).toBe('\u0081\u008d\u008f\u0090\u009d€');
  });

  it('decodes windows-1252 and UTF-32 bodies longer than one chunk', () => {
    const body = `${'“€” '.repeat(5000)}end`;
    expect(
      decodeFeedBody(new Uint8Array(iconv.encode(body, 'windows-1252')), 'text/plain; charset=windows-1252'),
    ).toBe(body);
    const wide = `${'𝄞a'.repeat(6000)}end`;
    expect(
      decodeFeedBody(new Uint8Array(iconv.encode(wide, 'utf-32be')), 'text/plain; charset=utf-32be'),
    ).toBe(wide);
  });

  it.each([
    ['a truncated last unit', [0x41, 0, 0, 0, 0x42, 0], 'A\ufffd'],
    ['a surrogate code point', [0x00, 0xd8, 0, 0, 0x41, 0, 0, 0], '\ufffdA'],
    ['a value above U+10FFFF', [0, 0, 0x11, 0, 0x41, 0, 0, 0], '\ufffdA'],
  ])('replaces %s in UTF-32 instead of throwing', (_name, bytes, expected) => {
    expect(decodeFeedBody(new Uint8Array(bytes), 'text/plain; charset=utf-32le')).toBe(expected);
  });
});

describe('normalizeCharset', () => {
  it.each([
    ['ISO-8859-1', 'windows-1252'],
    ['"latin1"', 'windows-1252'],
    ['US-ASCII', 'windows-1252'],
    ['iso-8859-9', 'windows-1254'],
    ['gb2312', 'gbk'],
    ['x-sjis', 'shift_jis'],
    ['ks_c_5601-1987', 'euc-kr'],
    ['UTF-16', 'utf-16le'],
    ['utf-32', 'utf-32le'],
    ['UTF-32BE', 'utf-32be'],
    ['utf8', 'utf-8'],
    ['iso-2022-kr', undefined],
    ['x-no-such-charset', undefined],
    ['', undefined],
    [undefined, undefined],
  ])('%s → %s', (label, expected) => {
    expect(normalizeCharset(label)).toBe(expected);
  });
});
