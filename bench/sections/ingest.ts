// Ingest: generated feeds served from the loopback server through Tally's ingestFeed (fetch → parse → clean →
// dedupe → extract + summary, into an in-memory store), side by side with rss-parser's parseString alone over
// the same bytes: the floor any ingest pays.
import { join } from 'node:path';
import Parser from 'rss-parser';
import { type FeedConfig, parseConfig } from '../../functions/config.js';
import type { FeedItem, KeyFigure, ParsedFeed } from '../../functions/core/model.js';
import type { PipelineDeps } from '../../functions/pipeline/types.js';
import type { FeedFetcher } from '../../functions/ports.js';
import { startFeedServer } from '../lib/feed-server.js';
import { generateFeedSet } from '../lib/generate.js';
import { exportedFunction, loadModule } from '../lib/load.js';
import { MemoryBlobStore } from '../lib/memory-store.js';
import type { Metric } from '../lib/report.js';
import { interleave, summarize, timeCpuMs } from '../lib/stats.js';
import { type BenchContext, type Section, skipped } from './context.js';

type IngestFeed = typeof import('../../functions/pipeline/ingest.js').ingestFeed;
type MapLimit = typeof import('../../functions/concurrency.js').mapLimit;
type HttpFeedFetcherClass = typeof import('../../functions/fetch/http-feed-fetcher.js').HttpFeedFetcher;

// Types only (erased at run time): the modules themselves are loaded by loadModule, so a missing one skips.
type ParseFeed = typeof import('../../functions/parse/index.js').parseFeed;
type CleanItem = typeof import('../../functions/clean/index.js').cleanItem;
type DedupeItems = typeof import('../../functions/dedupe/index.js').dedupeItems;
type ExtractFigures = typeof import('../../functions/extract/index.js').extractFigures;
type SummarizeStory = typeof import('../../functions/extract/summarize.js').summarizeStory;

/** Where the time of one ingest goes: each stage alone over the same input, in pipeline order. */
const STAGES = ['fetch', 'parse', 'clean', 'dedupe', 'extract', 'summarize'] as const;

const METRICS = [
  { name: 'ingest.items_per_cpu_s', unit: 'items/CPU-s' },
  { name: 'ingest.tally_ms', unit: 'ms CPU' },
  { name: 'ingest.floor_ms', unit: 'ms CPU' },
  { name: 'ingest.floor_ratio', unit: '×', goal: { op: '<=', value: 3 } },
] as const satisfies ReadonlyArray<Omit<Metric, 'summary' | 'note'>>;

export const ingestSection: Section = {
  name: 'ingest',
  async run(ctx: BenchContext): Promise<Metric[]> {
    const pipelineFile = 'functions/pipeline/index.ts';
    const fetcherFile = 'functions/fetch/http-feed-fetcher.ts';
    const pipeline = await loadModule(ctx.repoRoot, pipelineFile);
    if (!pipeline.ok) return skipped([...METRICS], pipeline.reason);
    const fetcherModule = await loadModule(ctx.repoRoot, fetcherFile);
    if (!fetcherModule.ok) return skipped([...METRICS], fetcherModule.reason);
    const ingestFeed = exportedFunction<IngestFeed>(pipeline.module, 'ingestFeed', pipelineFile);
    const mapLimit = exportedFunction<MapLimit>(pipeline.module, 'mapLimit', pipelineFile);
    const HttpFeedFetcher = exportedFunction<HttpFeedFetcherClass>(
      fetcherModule.module,
      'HttpFeedFetcher',
      fetcherFile,
    );

    const feedCount = ctx.quick ? 10 : 100;
    const runs = ctx.quick ? 3 : 5;
    const feeds = generateFeedSet({ feeds: feedCount, itemsPerFeed: 50, now: ctx.now });
    const items = feeds.reduce((n, f) => n + f.items, 0);
    const server = await startFeedServer(feeds, join(ctx.workDir, 'feeds'));
    try {
      const config = parseConfig(
        {
          feeds: server.urls.map((url, i) => ({ name: `Bench Wire ${i + 1}`, url })),
          digests: [{ name: 'bench', title: 'Bench' }],
          sender: { from: 'bench@example.org' },
          allowHosts: ['127.0.0.1'],
        },
        ctx.workDir,
      );
      const fetcher = new HttpFeedFetcher({ ...config.fetch, allowHosts: config.allowHosts });
      const clock = { now: () => ctx.now };
      // The floor reads the very bytes the server sends.
      const bodies = await Promise.all(server.urls.map(async (url) => (await fetch(url)).text()));
      const parser = new Parser();

      const tally = async () => {
        const deps: PipelineDeps = { config, store: new MemoryBlobStore(), fetcher, clock };
        let results: Awaited<ReturnType<IngestFeed>>[] = [];
        const ms = await timeCpuMs(async () => {
          results = await mapLimit(config.feeds, config.fetch.concurrency, (feed) => ingestFeed(feed, deps));
        });
        const failed = results.find((r) => r.status !== 'ok');
        if (failed)
          throw new Error(
            `bench: ingest of a generated feed ended ${failed.status}: ${failed.error?.message}`,
          );
        return ms;
      };
      const floor = async () =>
        timeCpuMs(async () => {
          for (const body of bodies) await parser.parseString(body);
        });

      ctx.log(`ingest: ${feedCount} feeds × 50 items (${items} items), ${runs} runs after a warm-up`);
      await tally();
      await floor();
      const paired = await interleave(runs, tally, floor);

      const stages = await loadStages(ctx.repoRoot);
      const stageMetrics: Metric[] = [];
      if (typeof stages === 'string') {
        stageMetrics.push(
          ...skipped(
            STAGES.map((stage) => ({ name: `ingest.stage.${stage}_ms`, unit: 'ms CPU' })),
            stages,
          ),
        );
      } else {
        const samples = new Map<string, number[]>(STAGES.map((stage) => [stage, []]));
        for (let run = 0; run < runs; run++) {
          const times = await stageTimes(stages, config.feeds, fetcher, (fn) =>
            mapLimit(config.feeds, config.fetch.concurrency, fn),
          );
          for (const stage of STAGES) samples.get(stage)?.push(times[stage]);
        }
        for (const stage of STAGES) {
          stageMetrics.push({
            name: `ingest.stage.${stage}_ms`,
            unit: 'ms CPU',
            summary: summarize(samples.get(stage) ?? []),
            note: stage === 'fetch' ? `${config.fetch.concurrency} in flight` : 'alone, same input',
          });
        }
      }
      return [
        {
          ...METRICS[0],
          summary: summarize(paired.a.map((ms) => items / (ms / 1000))),
          note: `${items} items`,
        },
        { ...METRICS[1], summary: summarize(paired.a) },
        { ...METRICS[2], summary: summarize(paired.b), note: 'rss-parser parseString, same bytes' },
        { ...METRICS[3], summary: summarize(paired.ratio) },
        ...stageMetrics,
      ];
    } finally {
      await server.close();
    }
  },
};

interface Stages {
  parseFeed: ParseFeed;
  cleanItem: CleanItem;
  dedupeItems: DedupeItems;
  extractFigures: ExtractFigures;
  summarizeStory: SummarizeStory;
}

/** The stage entry points, or why they could not be loaded. */
async function loadStages(repoRoot: string): Promise<Stages | string> {
  const files = {
    feed: 'functions/parse/index.ts',
    clean: 'functions/clean/index.ts',
    dedupe: 'functions/dedupe/index.ts',
    figures: 'functions/extract/index.ts',
    summarize: 'functions/extract/summarize.ts',
  } as const;
  const modules: Partial<Record<keyof typeof files, Record<string, unknown>>> = {};
  for (const [key, file] of Object.entries(files) as Array<[keyof typeof files, string]>) {
    const loaded = await loadModule(repoRoot, file);
    if (!loaded.ok) return loaded.reason;
    modules[key] = loaded.module;
  }
  return {
    parseFeed: exportedFunction<ParseFeed>(modules.feed ?? {}, 'parseFeed', files.feed),
    cleanItem: exportedFunction<CleanItem>(modules.clean ?? {}, 'cleanItem', files.clean),
    dedupeItems: exportedFunction<DedupeItems>(modules.dedupe ?? {}, 'dedupeItems', files.dedupe),
    extractFigures: exportedFunction<ExtractFigures>(modules.figures ?? {}, 'extractFigures', files.figures),
    summarizeStory: exportedFunction<SummarizeStory>(
      modules.summarize ?? {},
      'summarizeStory',
      files.summarize,
    ),
  };
}

/** One pass of each stage over the output of the one before, timed stage by stage. */
async function stageTimes(
  stages: Stages,
  feeds: readonly FeedConfig[],
  fetcher: FeedFetcher,
  fetchAll: (fn: (feed: FeedConfig) => Promise<string>) => Promise<string[]>,
): Promise<Record<(typeof STAGES)[number], number>> {
  let bodies: string[] = [];
  const fetchMs = await timeCpuMs(async () => {
    bodies = await fetchAll(async (feed) => {
      const result = await fetcher.fetch({ url: feed.url });
      if (result.status !== 'ok') throw new Error(`bench: ${feed.url} answered ${result.status}`);
      return result.body;
    });
  });
  const parsed: ParsedFeed[] = [];
  const parseMs = await timeCpuMs(async () => {
    for (const [i, feed] of feeds.entries()) {
      parsed.push(await stages.parseFeed(bodies[i] ?? '', { feedId: feed.id, feedUrl: feed.url }));
    }
  });
  let cleaned: FeedItem[][] = [];
  const cleanMs = await timeCpuMs(() => {
    cleaned = parsed.map((feed) => feed.items.map(stages.cleanItem));
  });
  let fresh: FeedItem[] = [];
  const dedupeMs = await timeCpuMs(() => {
    fresh = cleaned.flatMap((items) => stages.dedupeItems(items, new Set()).fresh);
  });
  let figures: KeyFigure[][] = [];
  const extractMs = await timeCpuMs(() => {
    figures = fresh.map((item) => stages.extractFigures(item.text, { title: item.title }));
  });
  const summarizeMs = await timeCpuMs(() => {
    fresh.forEach((item, i) => {
      stages.summarizeStory({ title: item.title, text: item.text, figures: figures[i] ?? [] });
    });
  });
  return {
    fetch: fetchMs,
    parse: parseMs,
    clean: cleanMs,
    dedupe: dedupeMs,
    extract: extractMs,
    summarize: summarizeMs,
  };
}
