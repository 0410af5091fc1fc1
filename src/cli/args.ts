import { parseArgs, type ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;

/** parseArgs with positionals, returning a clear message instead of throwing on a bad flag. */
export function parseFlags<T extends Options>(argv: string[], options: T) {
  try {
    return { ok: true as const, ...parseArgs({ args: argv, options, allowPositionals: true, strict: true }) };
  } catch (error) {
    return { ok: false as const, message: (error as Error).message };
  }
}
