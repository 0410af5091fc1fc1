import { pathToFileURL } from 'node:url';
import { COMMANDS } from './commands/index.ts';

function help(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length));
  return [
    'attune — empathy intelligence for customer conversations',
    '',
    'usage: attune <command> [options]   (attune <command> --help for its options)',
    '',
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
  ].join('\n');
}

/** Runs the CLI; returns the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(help() + '\n');
    return 0;
  }
  // the British spelling is the same command; help lists one spelling
  const command = COMMANDS[name === 'analyse' ? 'analyze' : name];
  if (!command) {
    process.stderr.write(`attune: unknown command "${name}"\n\n${help()}\n`);
    return 64;
  }
  try {
    return await (await command.load()).run(rest);
  } catch (error) {
    process.stderr.write(`attune ${name}: ${(error as Error).message}\n`);
    return 1;
  }
}

/** The process's entry (bin/attune.js, or this file run directly): a closed pipe (`attune analyze x | head`) ends the output, not the process with a stack trace. */
export async function run(argv: string[]): Promise<number> {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  return main(argv);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await run(process.argv.slice(2));
}
