// Figures: articles per second through extractFigures on generated wire-style articles of ~4,000 characters.
import { articleText, generateArticle } from '../lib/generate.js';
import { exportedFunction, loadModule } from '../lib/load.js';
import { hashSeed } from '../lib/random.js';
import type { Metric } from '../lib/report.js';
import { summarize, timeCpuMs } from '../lib/stats.js';
import { type BenchContext, type Section, skipped } from './context.js';

// Type only (erased at run time): the module is loaded by loadModule, so a missing one skips.
type ExtractFigures = typeof import('../../functions/extract/index.js').extractFigures;

const FILE = 'functions/extract/index.ts';
const ARTICLE_CHARS = 4_000;

export const figuresSection: Section = {
  name: 'figures',
  async run(ctx: BenchContext): Promise<Metric[]> {
    const metric = { name: 'figures.articles_per_cpu_s', unit: 'articles/CPU-s' };
    const loaded = await loadModule(ctx.repoRoot, FILE);
    if (!loaded.ok) return skipped([metric, { name: 'figures.per_article', unit: 'figures' }], loaded.reason);
    const extractFigures = exportedFunction<ExtractFigures>(loaded.module, 'extractFigures', FILE);

    const count = ctx.quick ? 100 : 400;
    const runs = ctx.quick ? 3 : 7;
    const articles = Array.from({ length: count }, (_, i) => {
      const article = generateArticle(hashSeed(`figures:${i}`), ARTICLE_CHARS);
      return { title: article.title, text: articleText(article) };
    });
    const chars = articles.reduce((n, a) => n + a.text.length, 0);
    let found = 0;
    const pass = () =>
      timeCpuMs(() => {
        found = 0;
        for (const a of articles) found += extractFigures(a.text, { title: a.title }).length;
      });
    ctx.log(
      `figures: ${count} articles of ~${Math.round(chars / count)} characters, ${runs} passes after a warm-up`,
    );
    await pass();
    const samples: number[] = [];
    for (let run = 0; run < runs; run++) samples.push(await pass());
    return [
      {
        ...metric,
        summary: summarize(samples.map((ms) => count / (ms / 1000))),
        note: `${Math.round(chars / count)} chars each`,
      },
      // Constant across passes: shows the extractor did real work on this input.
      { name: 'figures.per_article', unit: 'figures', summary: summarize([found / count]) },
    ];
  },
};
