#!/usr/bin/env node
// Entry point of the `health` command. The sources are TypeScript; tsx loads them
// directly so the command works from a fresh clone without a build step.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
