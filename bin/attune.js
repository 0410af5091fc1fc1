#!/usr/bin/env -S node --max-old-space-size=1024
// Runs the compiled CLI (dist/, built by `npm run build`; a published package ships it built).
// The 1 GiB heap bound makes V8 collect garbage before growing: streaming 100,000 conversations peaks at
// ~220 MB instead of ~310 MB at the same speed, and the largest record the readers accept (16M characters)
// still fits (measured ~790 MB).
let cli;
try {
  cli = await import('../dist/cli/main.js');
} catch (error) {
  if (error.code !== 'ERR_MODULE_NOT_FOUND' || !error.message.includes('dist/cli/main.js')) throw error;
  process.stderr.write(
    'attune: the CLI is not built yet: run `npm run build` first (a git checkout has only the TypeScript sources)\n',
  );
  process.exit(1);
}
process.exitCode = await cli.run(process.argv.slice(2));
