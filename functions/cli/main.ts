// The `tally` command: dispatches to a subcommand and turns its outcome into an exit code and one error line.
import { describeError, TallyError } from '../core/errors.js';
import type { Command, CommandIO } from './command.js';
import { archiveCommand } from './commands/archive.js';
import { feedsCommand } from './commands/feeds.js';
import { fetchCommand } from './commands/fetch.js';
import { figuresCommand } from './commands/figures.js';
import { renderCommand } from './commands/render.js';
import { runCommand } from './commands/run.js';
import { serveCommand } from './commands/serve.js';
import { subscribersCommand } from './commands/subscribers.js';

export const COMMANDS: readonly Command[] = [
  runCommand,
  fetchCommand,
  figuresCommand,
  renderCommand,
  serveCommand,
  archiveCommand,
  feedsCommand,
  subscribersCommand,
];

const USAGE_CODES = new Set([
  'USAGE',
  'CONFIG_INVALID',
  'INPUT_INVALID',
  'FEED_BLOCKED_ADDRESS',
  'FEED_UNSUPPORTED_SCHEME',
]);

export function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return `Usage: tally <command> [options]

Tally turns news feeds into a digest of the stories and their key figures, archives every edition and
mails it to subscribers.

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')}

Run \`tally <command> --help\` for a command's options. \`tally run\` with no config uses the shipped sample feeds.
Exit status: 0 success, 1 the run failed, 2 bad usage or bad input.
`;
}

export async function main(argv: string[], io: CommandIO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? io.stderr : io.stdout).write(mainHelp());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    io.stdout.write('tally 0.1.0\n');
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.stderr.write(`tally: unknown command "${name}"; run tally --help for the list\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(`${command.help.trimEnd()}\n`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    const { code, message } = describeError(error);
    // node:util parseArgs throws TypeErrors with ERR_PARSE_ARGS_* codes for unknown or malformed options.
    const argsError = (error as NodeJS.ErrnoException)?.code?.startsWith('ERR_PARSE_ARGS') === true;
    const usage = argsError || (error instanceof TallyError && USAGE_CODES.has(error.code));
    io.stderr.write(`tally ${name}: ${message.split('\n')[0]}${usage || argsError ? '' : ` [${code}]`}\n`);
    if (!(error instanceof TallyError) && !argsError && io.env.TALLY_DEBUG)
      io.stderr.write(`${(error as Error).stack}\n`);
    return usage ? 2 : 1;
  }
}
