// Render: a full mjml compile of the digest template (what rendering each edition with mjml would cost at the
// least) side by side with the precompiled per-subscriber fill (personalize), and 10,000 personalized digests.
// The edition is real: generated feeds → ingestFeed → stories → composeDigest → renderDigest.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import mjml2html from 'mjml';
import { type DigestConfig, parseConfig } from '../../functions/config.js';
import type { PipelineDeps } from '../../functions/pipeline/types.js';
import type { FeedFetcher, FetchRequest, FetchResult } from '../../functions/ports.js';
import { generateFeedSet } from '../lib/generate.js';
import { exportedFunction, loadModule } from '../lib/load.js';
import { MemoryBlobStore } from '../lib/memory-store.js';
import type { Metric } from '../lib/report.js';
import { interleave, summarize, timeCpuMs } from '../lib/stats.js';
import { type BenchContext, type Section, skipped } from './context.js';

// Types only (erased at run time): the modules themselves are loaded by loadModule, so a missing one skips.
type RenderDigest = typeof import('../../functions/render/index.js').renderDigest;
type Personalize = typeof import('../../functions/render/index.js').personalize;
type ComposeDigest = typeof import('../../functions/compose/index.js').composeDigest;
type Rendered = ReturnType<RenderDigest>;
type Recipient = Parameters<Personalize>[1];
type IngestFeed = typeof import('../../functions/pipeline/ingest.js').ingestFeed;
type DedupeStories = typeof import('../../functions/dedupe/index.js').dedupeStories;

const METRICS = [
  { name: 'render.full_mjml_ms', unit: 'ms CPU' },
  { name: 'render.per_subscriber_ms', unit: 'ms CPU', goal: { op: '<=', value: 0.1 } },
  { name: 'render.mjml_vs_fill', unit: '×' },
  { name: 'render.10k_personalized_s', unit: 's CPU', goal: { op: '<=', value: 2 } },
] as const satisfies ReadonlyArray<Omit<Metric, 'summary' | 'note'>>;

/** Serves generated feed bodies from memory: the render bench needs stories, not the network. */
class MemoryFetcher implements FeedFetcher {
  constructor(private readonly bodies: ReadonlyMap<string, string>) {}
  async fetch(request: FetchRequest): Promise<FetchResult> {
    const body = this.bodies.get(request.url);
    if (body === undefined) throw new Error(`bench: no generated feed at ${request.url}`);
    return { status: 'ok', url: request.url, body };
  }
}

function recipient(i: number): Recipient {
  const token = `${i.toString(36)}.${'0123456789abcdef'.repeat(2)}`;
  return {
    unsubscribeUrl: `https://tally.example.org/unsubscribe?token=${token}`,
    preferencesUrl: `https://tally.example.org/preferences?token=${token}`,
    greeting: `Hello reader ${i},`,
  };
}

export const renderSection: Section = {
  name: 'render',
  async run(ctx: BenchContext): Promise<Metric[]> {
    const files = {
      render: 'functions/render/index.ts',
      compose: 'functions/compose/index.ts',
      pipeline: 'functions/pipeline/index.ts',
      dedupe: 'functions/dedupe/index.ts',
    };
    const loaded: Record<string, Record<string, unknown>> = {};
    for (const [key, file] of Object.entries(files)) {
      const module = await loadModule(ctx.repoRoot, file);
      if (!module.ok) return skipped([...METRICS], module.reason);
      loaded[key] = module.module;
    }
    const renderDigest = exportedFunction<RenderDigest>(loaded.render ?? {}, 'renderDigest', files.render);
    const personalize = exportedFunction<Personalize>(loaded.render ?? {}, 'personalize', files.render);
    const composeDigest = exportedFunction<ComposeDigest>(
      loaded.compose ?? {},
      'composeDigest',
      files.compose,
    );
    const ingestFeed = exportedFunction<IngestFeed>(loaded.pipeline ?? {}, 'ingestFeed', files.pipeline);
    const dedupeStories = exportedFunction<DedupeStories>(loaded.dedupe ?? {}, 'dedupeStories', files.dedupe);
    const template = join(ctx.repoRoot, 'templates', 'digest.mjml');
    if (!existsSync(template)) return skipped([...METRICS], 'templates/digest.mjml is not in the tree');

    // One edition from 8 feeds × 50 items, composed with the digest defaults (12 stories).
    const feeds = generateFeedSet({ feeds: 8, itemsPerFeed: 50, now: ctx.now, seed: 7 });
    const urls = feeds.map((_, i) => `https://wire-${i + 1}.example.com/feed.xml`);
    const config = parseConfig(
      {
        feeds: urls.map((url, i) => ({ name: `Bench Wire ${i + 1}`, url })),
        digests: [{ name: 'bench', title: 'Tally Bench Daily' }],
        sender: { from: 'bench@example.org' },
        publicBaseUrl: 'https://tally.example.org',
      },
      ctx.workDir,
    );
    const deps: PipelineDeps = {
      config,
      store: new MemoryBlobStore(),
      fetcher: new MemoryFetcher(new Map(urls.map((url, i) => [url, feeds[i]?.body ?? '']))),
      clock: { now: () => ctx.now },
    };
    const records: Awaited<ReturnType<IngestFeed>>['items'] = [];
    for (const feed of config.feeds) records.push(...(await ingestFeed(feed, deps)).items);
    const digestConfig = config.digests[0] as DigestConfig;
    const digest = composeDigest({
      digest: digestConfig,
      editionId: 'bench-edition',
      window: { from: new Date(ctx.now.getTime() - 86_400_000).toISOString(), to: ctx.now.toISOString() },
      generatedAt: ctx.now.toISOString(),
      stories: dedupeStories(records),
      feeds: config.feeds,
      feedHealth: [],
      archiveUrl: 'https://tally.example.org/editions/bench/bench-edition/',
    });
    let rendered: Rendered;
    try {
      rendered = renderDigest(digest, { publicBaseUrl: config.publicBaseUrl });
    } catch (error) {
      // Most often: the templates were not compiled (npm run build:templates).
      return skipped([...METRICS], error instanceof Error ? error.message : String(error));
    }
    const source = await readFile(template, 'utf8');

    // mjml 5 skips mj-include unless told otherwise; the partials are most of the template.
    const mjmlOptions = {
      validationLevel: 'strict',
      filePath: template,
      includePath: join(ctx.repoRoot, 'templates'),
      ignoreIncludes: false,
      keepComments: false,
    } as const;
    const compiled = await mjml2html(source, mjmlOptions);
    const fullMjml = () => timeCpuMs(() => mjml2html(source, mjmlOptions));
    // Encoded to bytes as a mailer would: V8 concatenation is lazy, so the flat string is part of the cost.
    const fillBatch = async (size: number, offset: number) =>
      timeCpuMs(() => {
        for (let i = 0; i < size; i++) {
          const mail = personalize(rendered, recipient(offset + i));
          Buffer.from(mail.html);
          Buffer.from(mail.text);
        }
      });
    const batch = 1_000;
    const runs = ctx.quick ? 5 : 15;
    ctx.log(
      `render: edition of ${digest.stories.length} stories, ${Buffer.byteLength(rendered.html)} B of HTML`,
    );
    await fullMjml();
    await fillBatch(batch, 0);
    const paired = await interleave(
      runs,
      () => fullMjml(),
      async (run) => (await fillBatch(batch, run * batch)) / batch,
    );
    const tenK: number[] = [];
    for (let run = 0; run < (ctx.quick ? 2 : 5); run++)
      tenK.push((await fillBatch(10_000, run * 10_000)) / 1000);
    return [
      {
        ...METRICS[0],
        summary: summarize(paired.a),
        note: `mjml2html of templates/digest.mjml with its partials → ${Math.round(compiled.html.length / 1000)} KB`,
      },
      {
        ...METRICS[1],
        summary: summarize(paired.b),
        note: `personalize + UTF-8 encode, ${digest.stories.length} stories`,
      },
      { ...METRICS[2], summary: summarize(paired.ratio) },
      { ...METRICS[3], summary: summarize(tenK), note: 'one core' },
    ];
  },
};
