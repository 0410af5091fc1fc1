#!/usr/bin/env -S node --max-old-space-size=1024
// Runs the TypeScript CLI through tsx, so `npx attune` works straight after `npm ci` with no build step.
// The 1 GiB heap bound makes V8 collect garbage before growing: streaming 100,000 conversations peaks at
// ~220 MB instead of ~310 MB at the same speed, and the largest record the readers accept (16M characters)
// still fits (measured ~790 MB).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
