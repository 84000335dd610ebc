// Process entry of the `tally` command (npm run tally, npm start, bin/tally.js).
import { main } from './main.js';

async function runCli(): Promise<void> {
  process.exitCode = await main(process.argv.slice(2), {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    isTTY: process.stderr.isTTY === true,
    env: process.env,
    cwd: process.cwd(),
  });
}

await runCli();
