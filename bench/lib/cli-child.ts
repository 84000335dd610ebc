// Runs `tally <argv>` in this process (what bin/tally.js does), then writes the exit code and this process's
// peak resident set size and CPU time to the file named by BENCH_RESULT, so the parent measures the CLI as users run it.
import { writeFileSync } from 'node:fs';
import { main } from '../../functions/cli/main.js';

const resultFile = process.env.BENCH_RESULT;
const code = await main(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  isTTY: false,
  env: process.env,
  cwd: process.cwd(),
});
if (resultFile) {
  // maxRSS is in kibibytes; CPU time counts every thread of the process (loader, GC, libuv pool).
  const usage = process.resourceUsage();
  const cpuMs = (usage.userCPUTime + usage.systemCPUTime) / 1000;
  writeFileSync(resultFile, JSON.stringify({ code, maxRssKiB: usage.maxRSS, cpuMs }));
}
process.exitCode = code;
