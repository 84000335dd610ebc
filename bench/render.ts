// Prints render figures: per-subscriber fill (median), 10,000 personalized digests on one core, compose + fill
// of a 50-story edition, cold and warm renderDigest, and the HTML size. A script, not a test: nothing asserts.
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { composeDigest } from '../functions/compose/index.js';
import type { Story } from '../functions/core/model.js';
import { personalize, renderDigest } from '../functions/render/index.js';
import {
  emptyLedger,
  ledgerToCsv,
  ledgerToJson,
  parseLedger,
  trackFigures,
} from '../functions/track/index.js';
import { sampleInput, sampleStories } from '../test/fixtures/digest/sample.js';

const base = { publicBaseUrl: 'https://news.example.org' };

function stories(count: number): Story[] {
  return Array.from({ length: count }, (_, i) => {
    const s = sampleStories[i % sampleStories.length] as Story;
    const id = `${s.id}-${i}`;
    return {
      ...s,
      id,
      item: { ...s.item, id, url: `${s.item.url}?n=${i}`, title: `${s.item.title} (${i})` },
    };
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function recipient(i: number) {
  return {
    unsubscribeUrl: `https://news.example.org/unsubscribe?token=${i.toString(36)}.abcdefabcdefabcdefabcdef`,
    preferencesUrl: `https://news.example.org/preferences?token=${i.toString(36)}.abcdefabcdefabcdefabcdef`,
    greeting: `Hello reader ${i},`,
  };
}

const ms = (value: number) => `${value.toFixed(3)} ms`;

// What a cold start pays for templates: importing the compiled module (a fresh copy, past the module cache).
const importStart = performance.now();
await import(`../templates/compiled/templates.js?fresh=${Date.now()}`);
const importMs = performance.now() - importStart;

// Cold: the first render in this process (templates module already imported with the render stage).
const tenInput = sampleInput({ stories: stories(10) });
let t = performance.now();
const ten = renderDigest(composeDigest(tenInput), base);
const cold = performance.now() - t;

const warm: number[] = [];
for (let i = 0; i < 200; i += 1) {
  t = performance.now();
  renderDigest(composeDigest(tenInput), base);
  warm.push(performance.now() - t);
}

// Per-subscriber fill on the 10-story edition.
for (let i = 0; i < 500; i += 1) personalize(ten, recipient(i));
const fills: number[] = [];
for (let i = 0; i < 5_000; i += 1) {
  const r = recipient(i);
  t = performance.now();
  personalize(ten, r);
  fills.push(performance.now() - t);
}

// The same, with the result encoded to UTF-8 bytes as a mailer does: concatenation alone is lazy in V8.
const encoded: number[] = [];
for (let i = 0; i < 5_000; i += 1) {
  const r = recipient(i);
  t = performance.now();
  Buffer.from(personalize(ten, r).html);
  encoded.push(performance.now() - t);
}

// 10,000 personalized digests of a 50-story edition, one core, each encoded to bytes.
const fiftyInput = sampleInput({ stories: stories(50), digest: { ...sampleInput().digest, maxStories: 50 } });
const fifty = renderDigest(composeDigest(fiftyInput), base);
let bytes = 0;
t = performance.now();
const cpu = process.cpuUsage();
for (let i = 0; i < 10_000; i += 1) bytes += Buffer.from(personalize(fifty, recipient(i)).html).length;
const tenThousand = performance.now() - t;
const cpuUsed = process.cpuUsage(cpu);
// CPU time of this process: on a shared machine wall time also counts other processes' turns.
const tenThousandCpu = (cpuUsed.user + cpuUsed.system) / 1000;

// Compose + render + one fill of a 50-story edition.
const composeFill: number[] = [];
for (let i = 0; i < 100; i += 1) {
  t = performance.now();
  const digest = composeDigest(fiftyInput);
  personalize(renderDigest(digest, base), recipient(i));
  composeFill.push(performance.now() - t);
}

// 200 stories: the size budget moves the rest to archive links.
const big = renderDigest(
  composeDigest(sampleInput({ stories: stories(200), digest: { ...sampleInput().digest, maxStories: 200 } })),
  base,
);
const bigMail = personalize(big, recipient(1));

const lines = [
  `compiled templates import: ${ms(importMs)} (mjml is not loaded)`,
  `renderDigest, 10 stories: cold ${ms(cold)}, warm median ${ms(median(warm))}`,
  `personalize (per-subscriber fill), 10 stories: median ${ms(median(fills))}, p99 ${ms(fills.sort((a, b) => a - b)[Math.floor(fills.length * 0.99)] ?? 0)}`,
  `personalize + UTF-8 encode, 10 stories: median ${ms(median(encoded))}`,
  `10,000 personalized digests, 50 stories, encoded: ${ms(tenThousand)} wall, ${ms(tenThousandCpu)} CPU (${(bytes / 1e6).toFixed(0)} MB of HTML)`,
  `compose + render + fill, 50 stories: median ${ms(median(composeFill))}`,
  `HTML size: 10 stories ${Buffer.byteLength(personalize(ten, recipient(1)).html)} B, 50 stories ${Buffer.byteLength(personalize(fifty, recipient(1)).html)} B, 200 stories ${Buffer.byteLength(bigMail.html)} B (${(bigMail.html.match(/>Read at /g) ?? []).length} shown in full)`,
];
process.stdout.write(`${lines.join('\n')}\n`);
process.stdout.write(
  `(load average ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')} on ${os.availableParallelism()} CPUs)\n`,
);

// The ledger after about a year of daily editions: matching one more edition against it.
let ledger = emptyLedger();
const daily = composeDigest(sampleInput());
for (let day = 0; ledger.entries.length < 40_000; day += 1) {
  const stories = daily.stories.map((s) => ({
    ...s,
    item: { ...s.item, publishedAt: new Date(Date.UTC(2026, 0, 1) + day * 86_400_000).toISOString() },
    figures: s.figures.map((f, j) => ({
      ...f,
      value: f.value === undefined ? undefined : f.value + day * 7,
      counted: `${f.counted ?? ''} ${['north', 'south', 'east', 'west', 'central'][(day + j) % 5]} region ${day % 53}`,
    })),
  }));
  ledger = trackFigures(ledger, { ...daily, editionId: `e${String(day).padStart(4, '0')}`, stories }).ledger;
}
const tracks: number[] = [];
for (let i = 0; i < 20; i += 1) {
  t = performance.now();
  trackFigures(ledger, daily);
  tracks.push(performance.now() - t);
}
t = performance.now();
const csv = ledgerToCsv(ledger);
const csvMs = performance.now() - t;
const stored = ledgerToJson(ledger);
t = performance.now();
parseLedger(JSON.parse(stored));
const loadMs = performance.now() - t;
process.stdout.write(
  `trackFigures against ${ledger.entries.length} ledger entries: median ${ms(median(tracks))}; ledgerToCsv ${ms(csvMs)} (${(csv.length / 1e6).toFixed(1)} MB); JSON.parse + parseLedger ${ms(loadMs)} (${(stored.length / 1e6).toFixed(1)} MB)\n`,
);
