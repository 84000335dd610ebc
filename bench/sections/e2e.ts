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
import { type BenchContext, type Section, skipped } from './context.js';

const SUBSCRIBERS = ['reader1@example.org', 'reader2@example.org', 'reader3@example.org'];
const FROM = 'bench@example.org';
/** The item count the peak-RSS goal is stated for. */
const RSS_GOAL_ITEMS = 10_000;

interface TallyRun {
  ms: number;
  maxRssKiB: number;
  cpuMs: number;
  /** Why the run did not complete (exit status 1: a failed edition or delivery), from its summary. */
  failure?: string;
}

/** The line of `tally run`'s output that says what failed, else its last line. */
export function failureLine(output: string): string {
  const lines = output
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  return lines.find((l) => /FAILED|failed \S+:/.test(l)) ?? lines[lines.length - 1] ?? 'no output';
}

/** `tally run` in a child process, started as users start it (bin/tally.js); wall time from spawn to exit. */
async function runTally(repoRoot: string, dir: string, args: string[]): Promise<TallyRun> {
  const resultFile = join(dir, 'result.json');
  const start = process.hrtime.bigint();
  const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', join(repoRoot, 'bench/lib/rusage-on-exit.mjs'), join(repoRoot, 'bin/tally.js'), ...args],
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
  // No result file means the process died without exiting normally: a crash, not a reported failure.
  const result = (await readFile(resultFile, 'utf8').then(JSON.parse, () => ({}))) as {
    maxRssKiB?: unknown;
    cpuMs?: unknown;
  };
  if (typeof result.maxRssKiB !== 'number' || typeof result.cpuMs !== 'number') {
    throw new Error(`bench: tally run exited ${code}:\n${output}`);
  }
  return {
    ms,
    maxRssKiB: result.maxRssKiB,
    cpuMs: result.cpuMs,
    ...(code === 0 ? {} : { failure: failureLine(output) }),
  };
}

/**
 * CPU seconds of each side (Tally's whole process; r2e as bash's `times` reports it) and their ratio run by run:
 * what the work costs, which load from other processes on a shared machine does not stretch as it does wall time.
 */
function cpuMetrics(tallyRuns: readonly TallyRun[], r2eCpu: readonly number[], failed: boolean): Metric[] {
  const out: Metric[] = [
    { name: 'e2e.tally_cpu_s', unit: 's CPU', summary: summarize(tallyRuns.map((r) => r.cpuMs / 1000)) },
  ];
  if (r2eCpu.length === tallyRuns.length && r2eCpu.length > 0) {
    out.push({
      name: 'e2e.rss2email_cpu_s',
      unit: 's CPU',
      summary: summarize(r2eCpu.map((ms) => ms / 1000)),
    });
    if (!failed) {
      out.push({
        name: 'vs_rss2email.cpu_ratio',
        unit: '×',
        summary: summarize(r2eCpu.map((ms, i) => ms / (tallyRuns[i]?.cpuMs ?? Number.NaN))),
        note: "rss2email's CPU time / Tally's",
      });
    }
  }
  return out;
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
        if (result.failure === undefined && recipients !== SUBSCRIBERS.length) {
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
        if (result.cpuMs !== undefined) r2eCpu.push(result.cpuMs);
        return ms;
      };

      const tallyRuns: TallyRun[] = [];
      const r2eCpu: number[] = [];
      const timedTally = async (run: number) => {
        const result = await tally(run);
        tallyRuns.push(result);
        return result.ms;
      };
      const goalNote = feedCount === 200 ? '' : ' (quick; the goal is for 200)';
      let r2eSamples: number[] | undefined;
      let ratios: number[] | undefined;
      if (r2e) {
        ctx.log(
          `e2e: ${feedCount} feeds × 50 items, ${runs} runs each of ${r2e} (digest mode) and tally run`,
        );
        const paired = await interleave(runs, rss2email, timedTally);
        r2eSamples = paired.a;
        ratios = paired.ratio;
      } else {
        ctx.log(`e2e: r2e not installed; ${runs} runs of tally run alone over ${feedCount} feeds × 50 items`);
        for (let run = 0; run < runs; run++) await timedTally(run);
      }
      const failure = tallyRuns.find((r) => r.failure !== undefined)?.failure;
      const failedRuns = tallyRuns.filter((r) => r.failure !== undefined).length;
      const failedNote = failure ? `FAILED ${failedRuns}/${tallyRuns.length} runs: ${failure}` : undefined;
      const speedupGoal = feedCount === 200 ? { goal: { op: '>=', value: 10 } as const } : {};
      const speedup: Metric =
        ratios && !failure
          ? {
              name: 'vs_rss2email.speedup',
              unit: '×',
              summary: summarize(ratios),
              ...speedupGoal,
              note: `${feedCount} feeds${goalNote}`,
            }
          : {
              name: 'vs_rss2email.speedup',
              unit: '×',
              ...speedupGoal,
              note: `skipped: ${ratios ? 'tally run failed (see e2e.tally_s)' : 'r2e not installed'}`,
            };
      const rssGoal = items === RSS_GOAL_ITEMS ? { goal: { op: '<=', value: 300 } as const } : {};
      return [
        {
          name: 'e2e.tally_s',
          unit: 's',
          summary: summarize(tallyRuns.map((r) => r.ms / 1000)),
          note: failedNote ?? `${feedCount} feeds, ${SUBSCRIBERS.length} subscribers`,
        },
        r2eSamples
          ? {
              name: 'e2e.rss2email_s',
              unit: 's',
              summary: summarize(r2eSamples.map((ms) => ms / 1000)),
              note: r2e,
            }
          : {
              name: 'e2e.rss2email_s',
              unit: 's',
              note: 'skipped: r2e not installed (apt-get install rss2email)',
            },
        speedup,
        ...cpuMetrics(tallyRuns, r2eCpu, failure !== undefined),
        {
          name: 'run.peak_rss_mb',
          unit: 'MB',
          summary: summarize(tallyRuns.map((r) => (r.maxRssKiB * 1024) / 1e6)),
          ...rssGoal,
          note: `tally run over ${items.toLocaleString('en-US')} items${items === RSS_GOAL_ITEMS ? '' : ` (quick; the goal is for ${RSS_GOAL_ITEMS.toLocaleString('en-US')})`}${failure ? '; up to the failure' : ''}`,
        },
      ];
    } finally {
      await Promise.all([server.close(), sink.close()]);
    }
  },
};
