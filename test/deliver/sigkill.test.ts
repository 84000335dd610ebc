// Each subscriber gets each edition once, even when the sender dies mid-run: a child process is killed with
// SIGKILL after N of M messages reached a loopback SMTP server, rerun, and the server counts exactly M.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DeliveryReport } from '../../functions/deliver/index.js';
import { type SinkMessage, type SmtpSink, startSmtpSink } from '../helpers/smtp-sink.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const child = join(repoRoot, 'test', 'helpers', 'deliver-child.ts');

function runChild(dir: string, port: number, count: number, onSpawn?: (p: ChildProcess) => void) {
  return new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>(
    (done, fail) => {
      const p = spawn(process.execPath, ['--import', 'tsx', child, dir, String(port), String(count)], {
        cwd: repoRoot,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      p.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      p.on('error', fail);
      p.on('exit', (code, signal) => done({ code, signal, stdout, stderr }));
      onSpawn?.(p);
    },
  );
}

let dir: string;
let sink: SmtpSink | undefined;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tally-sigkill-'));
});
afterEach(async () => {
  await sink?.close();
  sink = undefined;
  await rm(dir, { recursive: true, force: true });
});

describe('deliverEdition under SIGKILL', () => {
  it.each([
    { total: 12, killAfter: 5 },
    { total: 12, killAfter: 1 },
    { total: 12, killAfter: 12 },
  ])(
    'delivers exactly $total messages when killed after $killAfter and rerun',
    async ({ total, killAfter }) => {
      let sender: ChildProcess | undefined;
      let killed = false;
      sink = await startSmtpSink({
        // The N-th message has arrived, its sender waits for our 250: kill it now, between claim and record.
        onMessage: async (_message: SinkMessage, count: number) => {
          if (count !== killAfter || !sender || killed) return;
          killed = true;
          const exited = new Promise((r) => sender?.once('exit', r));
          sender.kill('SIGKILL');
          await exited;
        },
      });
      const port = sink.port;

      const first = await runChild(dir, port, total, (p) => {
        sender = p;
      });
      expect(first.signal).toBe('SIGKILL');
      expect(sink.messages).toHaveLength(killAfter);

      const second = await runChild(dir, port, total);
      expect(second.stderr).toBe('');
      expect(second.code).toBe(0);
      const report = JSON.parse(second.stdout) as DeliveryReport;

      expect(sink.messages).toHaveLength(total);
      const recipients = sink.messages.map((m) => m.to.join(','));
      expect(new Set(recipients).size).toBe(total);
      // The killed send was claimed but never recorded: listed, not repeated.
      expect(report.claimedWithoutRecord).toHaveLength(1);
      expect(report.alreadySent).toBe(killAfter - 1);
      expect(report.sent).toBe(total - killAfter);
      expect(report.failed).toEqual([]);
    },
  );

  it('delivers exactly once when two senders run the same edition at the same time', async () => {
    const total = 16;
    sink = await startSmtpSink();
    const port = sink.port;
    const [a, b] = await Promise.all([runChild(dir, port, total), runChild(dir, port, total)]);
    expect([a.code, b.code]).toEqual([0, 0]);
    const reports = [JSON.parse(a.stdout), JSON.parse(b.stdout)] as DeliveryReport[];
    expect(sink.messages).toHaveLength(total);
    expect(new Set(sink.messages.map((m) => m.to.join(','))).size).toBe(total);
    // Each recipient was sent by one sender; the other found it sent, or claimed and not yet recorded.
    expect((reports[0]?.sent ?? 0) + (reports[1]?.sent ?? 0)).toBe(total);
    for (const r of reports) expect(r.sent + r.alreadySent + r.claimedWithoutRecord.length).toBe(total);
  });
});
