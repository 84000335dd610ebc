// Node arguments that run a TypeScript file in a child process, whatever the child's working directory.

/** ['--import', <tsx loader URL>]: resolved from here, since `--import tsx` resolves against the child's cwd. */
export function tsxImportArgs(): string[] {
  return ['--import', import.meta.resolve('tsx')];
}
