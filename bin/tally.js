#!/usr/bin/env node
// The installed `tally` command: registers tsx's loader, then runs the TypeScript CLI.
import { register } from 'tsx/esm/api';

register();
await import('../functions/cli/entry.ts');
