import * as qp from 'nodemailer/lib/qp';
import { describe, expect, it } from 'vitest';
import { composeDigest } from '../../functions/compose/index.js';
import { escapeMailHtml } from '../../functions/core/escape.js';
import type { Digest, Story } from '../../functions/core/model.js';
import {
  HTML_LIMIT_BYTES,
  personalize,
  publicEdition,
  renderConfirmation,
  renderDigest,
  wireBytes,
} from '../../functions/render/index.js';
import { SLOT_OPEN } from '../../functions/render/template.js';
import { emptyLedger, trackFigures } from '../../functions/track/index.js';
import { figure, sampleInput, sampleStories, story } from '../fixtures/digest/sample.js';

const base = { publicBaseUrl: 'https://news.example.org' };
const recipient = {
  unsubscribeUrl: 'https://news.example.org/unsubscribe?token=u.1&x=2',
  preferencesUrl: 'https://news.example.org/preferences?token=p.1',
};

function sampleDigest(overrides: Parameters<typeof sampleInput>[0] = {}): Digest {
  return composeDigest(sampleInput(overrides));
}

const hostileSentence = 'Officials said <b>12</b> people "left" & 3 stayed.';
const hostile: Story = story({
  id: 'hostile',
  feedId: 'upi-world',
  title: 'Breaking\r\nBcc: victim@example.org <script>alert(1)</script> {{title}} {{#story}}',
  url: 'javascript:alert(1)',
  publishedAt: '2026-11-28T06:00:00.000Z',
  summary: `<img src=x onerror=alert(1)> \u0000 ${SLOT_OPEN}account\uE001 <mj-include path="/etc/passwd" />`,
  figures: [
    figure(hostileSentence, '12', {
      value: 12,
      kind: 'count',
      unit: 'person',
      counted: '<i>people</i> who "left"',
      qualifier: 'exact',
      source: "O'Brien & <Sons>",
    }),
  ],
  also: [{ feedId: 'asia-wire', feedName: '<Asia>', title: 'x', url: 'data:text/html,<script>' }],
});

/** Many stories, each with a long summary: more than the HTML budget holds. */
function bigDigest(count: number): Digest {
  const summary =
    'The ministry said the figures would be revised as more reports arrived from the provinces. '.repeat(6);
  const stories = Array.from({ length: count }, (_, i) => {
    const s = sampleStories[i % sampleStories.length] as Story;
    return {
      ...s,
      id: `${s.id}-${i}`,
      item: { ...s.item, id: `${s.id}-${i}`, title: `${s.item.title} (${i})` },
      summary,
    };
  });
  return sampleDigest({ stories, digest: { ...sampleInput().digest, maxStories: 200 } });
}

describe('renderDigest', () => {
  const edition = renderDigest(sampleDigest(), base);

  it('renders the board, every story and the language, dark-mode and presentation markup', () => {
    const digest = sampleDigest();
    for (const entry of digest.board) expect(edition.html).toContain(escapeMailHtml(entry.display));
    for (const s of digest.stories) expect(edition.html).toContain(s.item.url);
    expect(edition.html).toContain('<html lang="en"');
    expect(edition.html).toContain('<meta name="color-scheme" content="light dark"');
    expect(edition.html).toContain('@media (prefers-color-scheme: dark)');
    expect(edition.html).toContain('role="presentation"');
    // 7-bit HTML: non-ASCII arrives as character references.
    expect([...edition.html].every((ch) => ch.charCodeAt(0) < 0x80)).toBe(true);
    expect(edition.html).toContain('5,000&#8211;6,000');
  });

  it('makes archive links absolute', () => {
    const relative = renderDigest(sampleDigest({ archiveUrl: '/editions/world/2026-11-28/' }), base);
    expect(relative.html).toContain('href="https://news.example.org/editions/world/2026-11-28/"');
    expect(relative.html).toContain('href="https://news.example.org/editions/world/index.html"');
    expect(relative.html).toContain('href="https://news.example.org/ledger/index.html"');
    expect(relative.html).toContain('href="https://news.example.org/ledger/figures.csv"');
    expect(relative.html).not.toMatch(/href="\//);
  });

  it('writes a subject and a preheader on one line each', () => {
    expect(edition.subject).toMatch(/^The World in Figures: /);
    expect(edition.preheader).toContain('at least 41');
    expect(edition.subject).not.toMatch(/[\r\n]/);
    expect(edition.preheader).not.toMatch(/[\r\n]/);
  });

  it('carries the Digest as JSON', () => {
    expect(JSON.parse(edition.json)).toEqual(JSON.parse(JSON.stringify(sampleDigest())));
  });

  it('aligns the figures of the board in the text part', () => {
    const digest = sampleDigest();
    const lines = edition.text.split('\n');
    // The phrase after each figure starts in the same column, whatever the figure's width.
    const columns = digest.board.map((entry) => {
      const line = lines.find((l) => l.includes(`${entry.display}  `));
      expect(line, entry.display).toBeDefined();
      return (line ?? '').indexOf(`${entry.display}  `) + entry.display.length + 2;
    });
    expect(new Set(columns).size).toBe(1);
    expect(edition.text).toMatch(/\n\s*\[1\] https:\/\/example\.org\//);
  });

  it('lists every link of the text part as an absolute http(s) URL', () => {
    const refs = edition.text.split('\n').filter((line) => /^\s*\[\d+\] /.test(line));
    expect(refs.length).toBeGreaterThan(sampleDigest().stories.length - 1);
    for (const line of refs) expect(line).toMatch(/^\s*\[\d+\] https?:\/\/\S+$/);
  });

  it('aligns the lines of every story under its title, ranks 1 to 10 alike', () => {
    const lines = edition.text.split('\n');
    const nine = lines.findIndex((line) => /^ 9\. /.test(line));
    const ten = lines.findIndex((line) => /^10\. /.test(line));
    expect(nine).toBeGreaterThan(0);
    expect(ten).toBeGreaterThan(nine);
    expect(lines[nine + 1]).toMatch(/^ {4}\S/);
    expect(lines[ten + 1]).toMatch(/^ {4}\S/);
  });

  it('shows the ledger deltas', () => {
    const earlier = trackFigures(
      emptyLedger(),
      sampleDigest({
        editionId: '2026-10-20',
        window: { from: '2026-10-19T07:00:00.000Z', to: '2026-10-20T07:00:00.000Z' },
        stories: [
          story({
            id: 'oct',
            feedId: 'upi-world',
            title: 'October',
            url: 'https://example.org/oct',
            publishedAt: '2026-10-20T06:00:00.000Z',
            summary: 's',
            figures: [
              figure('x 12,000', '12,000', {
                value: 12000,
                kind: 'count',
                unit: 'soldier',
                counted: "North Korean soldiers sent to Russia's Far East",
                qualifier: 'approx',
              }),
            ],
          }),
        ],
      }),
    ).ledger;
    const digest = sampleDigest();
    const { deltas } = trackFigures(earlier, digest);
    expect(deltas.length).toBeGreaterThan(0);
    const withDeltas = renderDigest({ ...digest, deltas }, base);
    expect(withDeltas.html).toContain('Since earlier editions');
    expect(withDeltas.html).toContain('~12,000');
    // Both sightings are cited: the earlier one and today's.
    expect(withDeltas.html).toContain('href="https://example.org/oct"');
    expect(withDeltas.text).toMatch(/\[\d+\] https:\/\/example\.org\/oct\n/);
    expect(withDeltas.text).toContain('SINCE EARLIER EDITIONS');
  });

  it('quotes the sentence around a figure that does not say what it counts', () => {
    const sentence =
      'North Korea has sent more troops, bringing the total number of its soldiers there to about 15,500, Ukraine said Friday.';
    const bare = story({
      id: 'bare',
      feedId: 'upi-world',
      title: 'Total reaches 15,500',
      url: 'https://example.org/bare',
      publishedAt: '2026-11-28T06:00:00.000Z',
      summary: sentence,
      figures: [
        figure(sentence, 'about 15,500', {
          value: 15500,
          kind: 'count',
          qualifier: 'approx',
          concepts: ['KYIV', 'Korea'],
        }),
      ],
    });
    const page = renderDigest(sampleDigest({ stories: [bare] }), base);
    expect(page.text.replace(/\s+/g, ' ')).toContain(
      '“…total number of its soldiers there to about 15,500, Ukraine said Friday.”',
    );
    expect(page.html).toContain(
      escapeMailHtml('“…total number of its soldiers there to about 15,500, Ukraine said Friday.”'),
    );
  });

  it('marks a conflict between sources as such, with both sides cited', () => {
    const conflict = {
      measure: 'count:soldier:killed+russia',
      label: 'Russian soldiers killed',
      kind: 'conflict' as const,
      previous: {
        display: '~1,200',
        editionId: '2026-11-28',
        source: "Ukraine's general staff",
        url: 'https://example.org/kyiv',
        seenAt: '2026-11-28T05:00:00.000Z',
      },
      current: {
        display: '300',
        editionId: '2026-11-28',
        source: "Russia's defence ministry",
        url: 'https://example.org/moscow',
        seenAt: '2026-11-28T06:00:00.000Z',
      },
    };
    const page = renderDigest({ ...sampleDigest(), deltas: [conflict] }, base);
    expect(page.html).toContain('Sources differ</strong> on <strong>Russian soldiers killed</strong>');
    expect(page.html).toContain('href="https://example.org/kyiv"');
    expect(page.html).toContain('href="https://example.org/moscow"');
    expect(page.text.replace(/\s+/g, ' ')).toContain(
      "Sources differ on Russian soldiers killed: ~1,200 (28 Nov 2026, Ukraine's general staff)",
    );
  });

  it('renders an empty edition without failing', () => {
    const empty = renderDigest(sampleDigest({ stories: [] }), base);
    expect(empty.html).toContain('Nothing new arrived');
    expect(empty.subject).toBe('The World in Figures, 28 Nov 2026');
  });

  it('rejects a publicBaseUrl that is not http(s)', () => {
    expect(() => renderDigest(sampleDigest(), { publicBaseUrl: 'javascript:alert(1)' })).toThrow(
      /render: publicBaseUrl/,
    );
  });
});

describe('renderDigest with hostile feed text', () => {
  const digest = sampleDigest({ stories: [hostile, ...sampleStories] });
  const edition = renderDigest(digest, base);
  const mail = personalize(edition, recipient);

  it('escapes markup and never lets it become tags', () => {
    expect(mail.html).not.toContain('<script>alert(1)</script>');
    expect(mail.html).not.toContain('<img src=x');
    expect(mail.html).not.toContain('<i>people</i>');
    expect(mail.html).not.toContain('<mj-include');
    expect(mail.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(mail.html).toContain('O&#39;Brien &amp; &lt;Sons&gt;');
  });

  it('drops links that are not http(s)', () => {
    expect(mail.html).not.toContain('javascript:');
    expect(mail.html).not.toContain('data:text/html');
    expect(mail.text).not.toContain('javascript:');
  });

  it('keeps CR/LF out of the subject', () => {
    const alone = renderDigest(sampleDigest({ stories: [hostile] }), base);
    expect(alone.subject).not.toMatch(/[\r\n]/);
    expect(alone.subject).toContain('Breaking Bcc: victim@example.org');
  });

  it('does not let feed text open a slot', () => {
    const markers = (value: string) => value.split(SLOT_OPEN).length - 1;
    expect(markers(edition.html)).toBe(markers(renderDigest(sampleDigest(), base).html));
    expect(mail.html).not.toContain(SLOT_OPEN);
    expect(mail.text).not.toContain(SLOT_OPEN);
    expect(mail.html).not.toContain('\u0000');
  });
});

describe('the Gmail size limit', () => {
  it('cuts feed fields that are absurdly long instead of letting one story fill the mail', () => {
    const huge = 'word '.repeat(40_000);
    const digest = sampleDigest({
      stories: sampleStories.map((s) => ({ ...s, summary: huge, item: { ...s.item, title: huge } })),
    });
    const mail = personalize(renderDigest(digest, base), recipient);
    expect(Buffer.byteLength(mail.html)).toBeLessThan(HTML_LIMIT_BYTES);
    expect(mail.html).toContain('Unsubscribe</a>');
    expect(mail.html).not.toContain('More in the archive');
    expect(mail.text.length).toBeLessThan(60_000);
  });

  it.each([80, 120, 200])('keeps %d stories under the limit with the footer intact', (count) => {
    const digest = bigDigest(count);
    const edition = renderDigest(digest, base);
    const mail = personalize(edition, { ...recipient, greeting: 'Hello Ana,' });
    // As it travels: quoted-printable, the encoding mailers pick for long-lined HTML.
    const encoded = qp.wrap(qp.encode(mail.html.replace(/\n/g, '\r\n')), 76);
    expect(encoded.length).toBeLessThan(HTML_LIMIT_BYTES);
    expect(wireBytes(mail.html)).toBeGreaterThanOrEqual(encoded.length);
    expect(mail.html).toContain('Unsubscribe</a>');
    expect(mail.html).toContain('https://news.example.org/unsubscribe?token=u.1&amp;x=2');
    expect(mail.html).toContain('More in the archive');
    expect(mail.html).toContain(`All ${count} stories of this edition in the archive`);
    // Stories kept in full are the best ranked: the first is there, the last only as a link if at all.
    expect(mail.html).toContain(digest.stories[0]?.item.title);
  });

  it('keeps a small edition whole', () => {
    const mail = personalize(renderDigest(sampleDigest(), base), recipient);
    expect(mail.html).not.toContain('More in the archive');
  });
});

describe('personalize', () => {
  const edition = renderDigest(sampleDigest(), base);

  it('fills the links and the greeting, escaped', () => {
    const mail = personalize(edition, { ...recipient, greeting: 'Hi <Ana> & co,' });
    expect(mail.html).toContain('href="https://news.example.org/unsubscribe?token=u.1&amp;x=2"');
    expect(mail.html).toContain('href="https://news.example.org/preferences?token=p.1"');
    expect(mail.html).toContain('Hi &lt;Ana&gt; &amp; co,');
    expect(mail.text).toContain('Unsubscribe: https://news.example.org/unsubscribe?token=u.1&x=2');
    expect(mail.text).toContain('Hi <Ana> & co,');
    expect(mail.subject).toBe(edition.subject);
  });

  it('names the digests the subscriber chose, escaped, in both parts', () => {
    const mail = personalize(edition, { ...recipient, digests: ['The World in Figures', 'Markets <Daily>'] });
    expect(mail.html).toContain('your digests: The World in Figures, Markets &lt;Daily&gt;');
    expect(mail.text).toContain('Your digests: The World in Figures, Markets <Daily>');
    expect(personalize(edition, recipient).html).not.toContain('your digests');
  });

  it('gives each recipient their own links', () => {
    const a = personalize(edition, recipient);
    const b = personalize(edition, {
      unsubscribeUrl: 'https://x.org/u/b',
      preferencesUrl: 'https://x.org/p/b',
    });
    expect(a.html).not.toContain('https://x.org/u/b');
    expect(b.html).toContain('https://x.org/u/b');
    expect(b.html).not.toContain('token=u.1');
  });

  it('refuses links that would push the mail past the size it was laid out for', () => {
    const ampersands = `https://x.org/?${'a&'.repeat(490)}`;
    expect(() => personalize(edition, { unsubscribeUrl: ampersands, preferencesUrl: ampersands })).toThrow(
      /would pass 100 KB/,
    );
  });

  it('refuses an edition that lost its unsubscribe slot', () => {
    const filled = personalize(edition, recipient);
    const copy = { ...edition, html: filled.html, text: filled.text };
    expect(() => personalize(copy, recipient)).toThrow(/no unsubscribe slot/);
  });

  it('leaves no greeting when none is given', () => {
    const mail = personalize(edition, recipient);
    expect(mail.text.split('\n')[3]).toMatch(/^10 stories/);
  });

  const badLinks: Array<[string, string]> = [
    ['a javascript: URL', 'javascript:alert(1)'],
    ['a URL with a quote', 'https://x.org/"onmouseover=x'],
    ['a URL with a newline', 'https://x.org/\r\nBcc: y'],
    ['a URL too long to be a link', `https://x.org/${'a'.repeat(1_000)}`],
  ];
  it.each(badLinks)('refuses %s', (_name, url) => {
    expect(() => personalize(edition, { ...recipient, unsubscribeUrl: url })).toThrow(
      /render: unsubscribeUrl/,
    );
  });
});

describe('publicEdition', () => {
  it('shows a subscribe link and no account links', () => {
    const page = publicEdition(renderDigest(sampleDigest(), base), {
      subscribeUrl: 'https://news.example.org/',
    });
    expect(page.html).toContain('Subscribe</a>');
    expect(page.html).not.toContain('Unsubscribe');
    expect(page.html).not.toContain(SLOT_OPEN);
    expect(page.text).toContain('Subscribe: https://news.example.org/');
  });
});

describe('renderConfirmation', () => {
  it('names the digests and carries the confirm link in both parts', () => {
    const mail = renderConfirmation({
      digestTitles: ['The World in Figures', 'Markets <Daily>'],
      confirmUrl: 'https://news.example.org/confirm?token=c.1',
      publicBaseUrl: 'https://news.example.org',
    });
    expect(mail.subject).toBe('Confirm your subscription to The World in Figures, Markets <Daily>');
    expect(mail.html).toContain('Markets &lt;Daily&gt;');
    expect(mail.html).toContain('href="https://news.example.org/confirm?token=c.1"');
    expect(mail.html).toContain('<html lang="en"');
    expect(mail.text).toContain('https://news.example.org/confirm?token=c.1');
  });

  it('keeps CR/LF out of the subject', () => {
    const mail = renderConfirmation({
      digestTitles: ['A\r\nBcc: x@example.org'],
      confirmUrl: 'https://news.example.org/confirm?token=c.1',
      publicBaseUrl: 'https://news.example.org',
    });
    expect(mail.subject).not.toMatch(/[\r\n]/);
  });
});
