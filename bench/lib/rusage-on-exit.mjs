// Preloaded into the `tally` child (node --import): when the process exits, writes its exit code, peak resident
// set size and CPU time to the file named by BENCH_RESULT, so the bench measures the command exactly as users run
// it (bin/tally.js → the prebuilt bundle), with nothing of the bench loaded into it.
import { writeFileSync } from 'node:fs';

const resultFile = process.env.BENCH_RESULT;
if (resultFile) {
  process.on('exit', (code) => {
    // maxRSS is in kibibytes; CPU time counts every thread of the process (loader, GC, libuv pool).
    const usage = process.resourceUsage();
    const cpuMs = (usage.userCPUTime + usage.systemCPUTime) / 1000;
    writeFileSync(resultFile, JSON.stringify({ code, maxRssKiB: usage.maxRSS, cpuMs }));
  });
}
