// What every `tally` subcommand implements, so the dispatcher, help and exit codes stay uniform.

export interface CommandIO {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** True when stderr is a terminal: progress lines go there only then. */
  isTTY: boolean;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/**
 * A subcommand. `run` returns the exit code: 0 success, 1 the run failed, 2 bad usage or bad input.
 * It may also throw: UsageError/ConfigError (and any TallyError with code INPUT_INVALID) exit 2, others exit 1;
 * the dispatcher prints one line "tally: <message>" on stderr.
 */
export interface Command {
  name: string;
  /** One line for `tally --help`. */
  summary: string;
  /** Full text for `tally <name> --help`: usage line, every option, an example. */
  help: string;
  run(args: string[], io: CommandIO): Promise<number>;
}
