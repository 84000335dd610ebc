// Runs `tally serve` (the serve command itself) as its own process, for tests that need the real command while
// the dispatcher (functions/cli/main.ts) is not there: npx tsx test/server/serve-main.ts --store DIR --port 0
import { serveCommand } from '../../functions/cli/commands/serve.js';

const code = await serveCommand
  .run(process.argv.slice(2), {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    isTTY: false,
    env: process.env,
    cwd: process.cwd(),
  })
  .catch((error: unknown) => {
    process.stderr.write(`tally: ${(error as Error).message}\n`);
    return 2;
  });
process.exit(code);
