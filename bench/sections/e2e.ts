// End to end against rss2email: both read the same generated feeds from the loopback server and mail digests to
// the local SMTP sink; rss2email in digest mode (one mail per feed), Tally as `tally run` (one edition, one mail
// per subscriber). The Tally runs also give the peak RSS of a whole run over all the items.
import { spawn } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startFeedServer } from '../lib/feed-server.js';
import { generateFeedSet } from '../lib/generate.js';
import { loadModule } from '../lib/load.js';
import type { Metric } from '../lib/report.js';
import { prepareRss2email, rss2emailVersion, runRss2email } from '../lib/rss2email.js';
import { startSmtpSink } from '../lib/smtp-sink.js';
import { interleave, summarize } from '../lib/stats.js';
import { tsxImportArgs } from '../lib/tsx.js';
import { type BenchContext, type Section, skipped } from './context.js';

const SUBSCRIBERS = ['reader1@example.org', 'reader2@example.org', 'reader3@example.org'];
const FROM = 'bench@example.org';
/** The item count the peak-RSS goal is stated for. */
const RSS_GOAL_ITEMS = 10_000;

interface TallyRun {
  ms: number;
  maxRssKiB: number;
}

/** `tally run` in a child process (cli-child.ts); wall time from spawn to exit. */
async function runTally(repoRoot: string, dir: string, args: string[]): Promise<TallyRun> {
  const resultFile = join(dir, 'result.json');
  const start = process.hrtime.bigint();
  const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [...tsxImportArgs(), join(repoRoot, 'bench/lib/cli-child.ts'), ...args],
      {
        cwd: dir,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, BENCH_RESULT: resultFile },
      },
    );
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-4_000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.once('error', reject);
    child.once('close', (exit) => resolve({ code: exit, output }));
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (code !== 0) throw new Error(`bench: tally run exited ${code}:\n${output}`);
  const result = JSON.parse(await readFile(resultFile, 'utf8')) as { maxRssKiB?: unknown };
  if (typeof result.maxRssKiB !== 'number') throw new Error('bench: tally run reported no peak RSS');
  return { ms, maxRssKiB: result.maxRssKiB };
}

export const e2eSection: Section = {
  name: 'e2e',
  async run(ctx: BenchContext): Promise<Metric[]> {
    const cli = await loadModule(ctx.repoRoot, 'functions/cli/main.ts');
    if (!cli.ok) {
      return skipped(
        [
          { name: 'e2e.tally_s', unit: 's' },
          { name: 'e2e.rss2email_s', unit: 's' },
          { name: 'vs_rss2email.speedup', unit: '×', goal: { op: '>=', value: 10 } },
          { name: 'run.peak_rss_mb', unit: 'MB', goal: { op: '<=', value: 300 } },
        ],
        cli.reason,
      );
    }
    const feedCount = ctx.quick ? 5 : 200;
    const runs = ctx.quick ? 2 : 3;
    const feeds = generateFeedSet({ feeds: feedCount, itemsPerFeed: 50, now: ctx.now });
    const items = feeds.reduce((n, f) => n + f.items, 0);
    const r2e = rss2emailVersion();
    const server = await startFeedServer(feeds, join(ctx.workDir, 'feeds'));
    const sink = await startSmtpSink();
    try {
      const tally = async (run: number): Promise<TallyRun> => {
        const dir = join(ctx.workDir, `tally-${run}`);
        await mkdir(dir, { recursive: true });
        const config = {
          feeds: server.urls.map((url, i) => ({ name: `Bench Wire ${i + 1}`, url })),
          digests: [{ name: 'daily', title: 'Bench Daily' }],
          sender: { from: FROM },
          archive: { location: 'archive' },
          subscribers: SUBSCRIBERS.map((email) => ({ email })),
          allowHosts: ['127.0.0.1'],
          tokenSecret: 'bench-secret-0123456789abcdef',
        };
        await writeFile(join(dir, 'tally.config.json'), JSON.stringify(config));
        sink.reset();
        const result = await runTally(ctx.repoRoot, dir, [
          'run',
          '--config',
          'tally.config.json',
          '--mailer',
          `smtp://127.0.0.1:${sink.port}`,
          '--allow-host',
          '127.0.0.1',
        ]);
        const { recipients } = sink.counts();
        if (recipients !== SUBSCRIBERS.length) {
          throw new Error(`bench: tally run mailed ${recipients} recipients, expected ${SUBSCRIBERS.length}`);
        }
        return result;
      };
      const rss2email = async (run: number): Promise<number> => {
        const setup = await prepareRss2email(join(ctx.workDir, `r2e-${run}`), server.urls, {
          smtpPort: sink.port,
          from: FROM,
          to: SUBSCRIBERS,
        });
        sink.reset();
        const start = process.hrtime.bigint();
        const result = await runRss2email(setup);
        const ms = Number(process.hrtime.bigint() - start) / 1e6;
        if (result.code !== 0)
          throw new Error(`bench: r2e run exited ${result.code}:\n${result.stderr.slice(-2_000)}`);
        const { messages } = sink.counts();
        if (messages !== feedCount)
          throw new Error(`bench: r2e sent ${messages} digests, expected ${feedCount}`);
        return ms;
      };

      const tallyRuns: TallyRun[] = [];
      const timedTally = async (run: number) => {
        const result = await tally(run);
        tallyRuns.push(result);
        return result.ms;
      };
      let speedup: Metric;
      let r2eMetric: Metric;
      if (r2e) {
        ctx.log(
          `e2e: ${feedCount} feeds × 50 items, ${runs} runs each of ${r2e} (digest mode) and tally run`,
        );
        const paired = await interleave(runs, rss2email, timedTally);
        r2eMetric = {
          name: 'e2e.rss2email_s',
          unit: 's',
          summary: summarize(paired.a.map((ms) => ms / 1000)),
          note: r2e,
        };
        speedup = {
          name: 'vs_rss2email.speedup',
          unit: '×',
          summary: summarize(paired.ratio),
          ...(feedCount === 200 ? { goal: { op: '>=', value: 10 } } : {}),
          note: `${feedCount} feeds${feedCount === 200 ? '' : ' (quick; the goal is for 200)'}`,
        };
      } else {
        ctx.log(`e2e: r2e not installed; ${runs} runs of tally run alone over ${feedCount} feeds × 50 items`);
        for (let run = 0; run < runs; run++) await timedTally(run);
        r2eMetric = {
          name: 'e2e.rss2email_s',
          unit: 's',
          note: 'skipped: r2e not installed (apt-get install rss2email)',
        };
        speedup = {
          name: 'vs_rss2email.speedup',
          unit: '×',
          goal: { op: '>=', value: 10 },
          note: 'skipped: r2e not installed',
        };
      }
      const rss: Metric = {
        name: 'run.peak_rss_mb',
        unit: 'MB',
        summary: summarize(tallyRuns.map((r) => (r.maxRssKiB * 1024) / 1e6)),
        ...(items === RSS_GOAL_ITEMS ? { goal: { op: '<=', value: 300 } } : {}),
        note: `tally run over ${items.toLocaleString('en-US')} items${items === RSS_GOAL_ITEMS ? '' : ` (quick; the goal is for ${RSS_GOAL_ITEMS.toLocaleString('en-US')})`}`,
      };
      return [
        {
          name: 'e2e.tally_s',
          unit: 's',
          summary: summarize(tallyRuns.map((r) => r.ms / 1000)),
          note: `${feedCount} feeds, ${SUBSCRIBERS.length} subscribers`,
        },
        r2eMetric,
        speedup,
        rss,
      ];
    } finally {
      await Promise.all([server.close(), sink.close()]);
    }
  },
};
