// The sample edition as a reader sees it: headless Chromium at phone and desktop widths, light and dark.
// Screenshots land in out/screenshots/ for a person to look at.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeDigest } from '../../functions/compose/index.js';
import { personalize, renderConfirmation, renderDigest } from '../../functions/render/index.js';
import { emptyLedger, trackFigures } from '../../functions/track/index.js';
import { figure, octoberInput, sampleInput, story } from '../fixtures/digest/sample.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..');
const shots = join(repoRoot, 'out', 'screenshots');

/** The sample edition after an earlier one, so the "since earlier editions" section shows too. */
function sampleMail(): { html: string; titles: string[]; board: string[] } {
  const earlier = composeDigest(octoberInput());
  const ledger = trackFigures(emptyLedger(), earlier).ledger;
  const digest = composeDigest(sampleInput());
  const { deltas } = trackFigures(ledger, digest);
  const edition = renderDigest({ ...digest, deltas }, { publicBaseUrl: 'https://news.example.org' });
  const mail = personalize(edition, {
    unsubscribeUrl: 'https://news.example.org/unsubscribe?token=abc',
    preferencesUrl: 'https://news.example.org/preferences?token=abc',
    greeting: 'Hello Ana,',
  });
  return {
    html: mail.html,
    titles: digest.stories.map((s) => s.item.title),
    board: digest.board.map((b) => b.display),
  };
}

/** WCAG relative luminance contrast of two CSS rgb() colours. */
function contrast(a: string, b: string): number {
  const lum = (css: string) => {
    const [r = 0, g = 0, bl = 0] = (css.match(/[\d.]+/g) ?? []).map(Number).map((v) => {
      const c = v / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return ((hi ?? 0) + 0.05) / ((lo ?? 0) + 0.05);
}

/** The text colour of the first match and the first opaque background behind it. */
async function colours(page: Page, selector: string): Promise<[string, string]> {
  const found = await page.evaluate(`(() => {
    const element = document.querySelector(${JSON.stringify(selector)});
    let node = element;
    let background = 'rgba(0, 0, 0, 0)';
    while (node !== null && /rgba\\(0, 0, 0, 0\\)|transparent/.test(background)) {
      background = getComputedStyle(node).backgroundColor;
      node = node.parentElement;
    }
    return element === null ? null : [getComputedStyle(element).color, background];
  })()`);
  if (!Array.isArray(found)) throw new Error(`no element matches ${selector}`);
  return [String(found[0]), String(found[1])];
}

const message = hasChromium ? '' : ` (skipped: ${CHROMIUM} not found; apt-get install -y chromium)`;

describe.skipIf(!hasChromium)(`the digest in Chromium${message}`, () => {
  let browser: Browser;
  const mail = sampleMail();

  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    await mkdir(shots, { recursive: true });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  const views: Array<[number, 'light' | 'dark']> = [
    [320, 'light'],
    [375, 'light'],
    [375, 'dark'],
    [600, 'light'],
    [600, 'dark'],
  ];

  it.each(views)(
    'reads well at %d px, %s',
    async (width, scheme) => {
      const page = await browser.newPage({ viewport: { width, height: 900 }, colorScheme: scheme });
      try {
        await page.setContent(mail.html, { waitUntil: 'load' });
        // Page scripts are strings: the project's type-check has no DOM library.
        const scrollWidth = Number(await page.evaluate('document.documentElement.scrollWidth'));
        expect(scrollWidth, 'horizontal overflow').toBeLessThanOrEqual(width);

        const inView = async (text: string) => {
          const link = page.getByRole('link', { name: text, exact: true }).first();
          const box = await link.boundingBox();
          return (await link.isVisible()) && box !== null && box.x >= 0 && box.x + box.width <= width + 0.5;
        };
        expect(await page.getByText('Key figures', { exact: true }).isVisible()).toBe(true);
        for (const display of mail.board) {
          expect(
            await page.locator('.t-board td.t-figure', { hasText: display }).first().isVisible(),
            display,
          ).toBe(true);
        }
        for (const title of mail.titles) expect(await inView(title), title).toBe(true);
        expect(await inView('Unsubscribe')).toBe(true);

        // Story titles against their card and the footer's links against the page: at least WCAG AA.
        for (const selector of ['.t-title a', '.t-board td.t-figure', 'a[href*="unsubscribe"]']) {
          const [fg, bg] = await colours(page, selector);
          expect(contrast(fg, bg), `${selector} on ${bg}`).toBeGreaterThanOrEqual(4.5);
          if (scheme === 'dark')
            expect(contrast(bg, 'rgb(0, 0, 0)'), `${selector} background`).toBeLessThan(2);
        }

        await page.screenshot({ path: join(shots, `digest-${width}-${scheme}.png`), fullPage: true });
      } finally {
        await page.close();
      }
    },
    60_000,
  );

  it.each([320, 480, 600])(
    'wraps unbreakable feed words at %d px instead of overflowing',
    async (width) => {
      const long = 'Supercalifragilistic'.repeat(8);
      const sentence = `Officials counted 1,234 ${long} in the region.`;
      const wide = story({
        id: 'long',
        feedId: 'upi-world',
        title: `Title with ${long} inside`,
        url: `https://example.org/${long}`,
        publishedAt: '2026-11-28T06:00:00.000Z',
        summary: sentence,
        figures: [
          figure(sentence, '1,234', {
            value: 1234,
            kind: 'count',
            unit: 'thing',
            counted: `${long} things`,
            qualifier: 'exact',
            source: long,
          }),
        ],
      });
      const edition = renderDigest(composeDigest(sampleInput({ stories: [wide] })), {
        publicBaseUrl: 'https://news.example.org',
      });
      const html = personalize(edition, {
        unsubscribeUrl: 'https://news.example.org/unsubscribe?token=abc',
        preferencesUrl: 'https://news.example.org/preferences?token=abc',
      }).html;
      const page = await browser.newPage({ viewport: { width, height: 800 } });
      try {
        await page.setContent(html, { waitUntil: 'load' });
        const scrollWidth = Number(await page.evaluate('document.documentElement.scrollWidth'));
        expect(scrollWidth).toBeLessThanOrEqual(width);
      } finally {
        await page.close();
      }
    },
    60_000,
  );

  it.each(views)(
    'shows the confirmation mail at %d px, %s',
    async (width, scheme) => {
      const page = await browser.newPage({ viewport: { width, height: 700 }, colorScheme: scheme });
      try {
        const mail = renderConfirmation({
          digestTitles: ['The World in Figures', 'Markets Daily'],
          confirmUrl: 'https://news.example.org/confirm?token=abc.def',
          publicBaseUrl: 'https://news.example.org',
        });
        await page.setContent(mail.html, { waitUntil: 'load' });
        expect(Number(await page.evaluate('document.documentElement.scrollWidth'))).toBeLessThanOrEqual(
          width,
        );
        const button = page.getByRole('link', { name: 'Confirm subscription', exact: true });
        expect(await button.isVisible()).toBe(true);
        const [fg, bg] = await colours(page, '.t-button a');
        expect(contrast(fg, bg), `button ${fg} on ${bg}`).toBeGreaterThanOrEqual(4.5);
        await page.screenshot({ path: join(shots, `confirm-${width}-${scheme}.png`), fullPage: true });
      } finally {
        await page.close();
      }
    },
    60_000,
  );
});
