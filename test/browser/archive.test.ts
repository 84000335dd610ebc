// The archive as a reader meets it: `tally serve` on localhost, headless Chromium (Debian's), the index, an
// edition, its Atom link and the search box. Skips where /usr/bin/chromium is absent.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateArchive } from '../../functions/archive/site/index.js';
import { DIGESTS, fixtureStore, NOW, removeStores } from '../archive/helpers.js';
import { repoRoot, type Served, spawnServe } from '../server/spawn-serve.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`browser tests skipped: ${CHROMIUM} is absent (apt-get install -y chromium)`);

/** Screenshots to look at by hand: out/screenshots/archive-*.png (out/ is gitignored). */
const SHOTS = join(repoRoot, 'out', 'screenshots');

describe.skipIf(!hasChromium)('the archive in a browser', () => {
  let browser: Browser;
  let served: Served;
  const problems: string[] = [];

  beforeAll(async () => {
    const store = await fixtureStore();
    served = await spawnServe(['--store', store.root]);
    await updateArchive(store, { publicBaseUrl: served.url, digests: DIGESTS, now: NOW });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    await mkdir(SHOTS, { recursive: true });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await served?.stop();
    await removeStores();
  }, 30_000);

  async function open(width: number, dark = false): Promise<Page> {
    const page = await browser.newPage({
      viewport: { width, height: 900 },
      colorScheme: dark ? 'dark' : 'light',
    });
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    return page;
  }

  async function overflow(page: Page): Promise<number> {
    return page.evaluate<number>(
      'document.documentElement.scrollWidth - document.documentElement.clientWidth',
    );
  }

  it('opens the index, follows an edition, and finds its Atom feed', async () => {
    const page = await open(1024);
    await page.goto(served.url);
    expect(await page.title()).toBe('Tally archive');
    await page.screenshot({ path: join(SHOTS, 'archive-index-1024.png'), fullPage: true });

    // The latest editions list (the digest cards above link to digest pages).
    await page.locator('section.latest a', { hasText: 'World Figures' }).click();
    await page.waitForURL(/\/editions\/world\/2025-03-05\/index\.html$/);
    expect(await page.locator('h1').textContent()).toBe('World Figures');
    expect(await page.locator('section.board tbody tr').count()).toBe(4);
    await page.screenshot({ path: join(SHOTS, 'archive-edition-1024.png'), fullPage: true });

    const feedHref = await page.locator('a.feed').first().getAttribute('href');
    const feedUrl = new URL(feedHref ?? '', page.url()).href;
    expect(feedUrl).toBe(`${served.url}editions/world/feed.xml`);
    const announced = await page
      .locator('link[rel="alternate"][type="application/atom+xml"]')
      .getAttribute('href');
    expect(new URL(announced ?? '', page.url()).href).toBe(feedUrl);
    const feed = await page.request.get(feedUrl);
    expect(feed.status()).toBe(200);
    expect(feed.headers()['content-type']).toBe('application/atom+xml');
    expect(await feed.text()).toContain(`<id>${served.url}editions/world/2025-03-05/index.html</id>`);

    await page.locator('a[rel="prev"]').click();
    await page.waitForURL(/\/editions\/world\/2025-02-27\/index\.html$/);
    expect(await page.locator('section.board td.num').first().textContent()).toBe('~12,000');
    await page.close();
  }, 60_000);

  it('searches stories and figures from the index page with no server-side search', async () => {
    const page = await open(1024);
    await page.goto(served.url);
    await page.getByLabel('Stories and figures').fill('north korean troops');
    await page.getByRole('button', { name: 'Search' }).click();
    const results = page.locator('#search-results li');
    await results.first().waitFor();
    const titles = await results.locator('a').allTextContents();
    expect(titles).toEqual([
      "North Korea sends 3,500 more troops to Russia's Far East, lawmaker says",
      'Some 12,000 North Korean troops went to Russia in October, lawmaker says',
    ]);
    expect(await page.locator('#search-status').textContent()).toBe('2 matching stories');
    await page.screenshot({ path: join(SHOTS, 'archive-search-1024.png'), fullPage: true });
    await results.locator('a').first().click();
    await page.waitForURL(/\/editions\/world\/2025-03-05\/index\.html#story-upi-nk-troops-0305$/);

    await page.goto(served.url);
    await page.getByLabel('Stories and figures').fill('zzzz-no-such-story');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByText('No stories match.').waitFor();
    // Feed text in results is text, never markup.
    await page.getByLabel('Stories and figures').fill('onerror');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.locator('#search-results li').first().waitFor();
    expect(await page.locator('#search-results img').count()).toBe(0);
    await page.close();
  }, 60_000);

  it.each([
    [375, false],
    [375, true],
    [600, false],
  ])('reads without sideways scrolling at %i px (dark: %s)', async (width, dark) => {
    const page = await open(width, dark);
    for (const path of [
      '',
      'editions/world/2025-03-05/index.html',
      'editions/markets/2025-03-05/index.html',
      'ledger/index.html',
    ]) {
      await page.goto(`${served.url}${path}`);
      expect(await overflow(page), `${path || 'index'} at ${width}px`).toBeLessThanOrEqual(0);
    }
    await page.goto(`${served.url}editions/world/2025-03-05/index.html`);
    await page.screenshot({
      path: join(SHOTS, `archive-edition-${width}${dark ? '-dark' : ''}.png`),
      fullPage: true,
    });
    await page.close();
  });

  it('loads every page with no script error or blocked resource', () => {
    expect(problems).toEqual([]);
  });
});
