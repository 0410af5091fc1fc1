import { parseArgs, type ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;
type Parsed<T extends Options> = ReturnType<
  typeof parseArgs<{ args: string[]; options: T; allowPositionals: true; strict: true }>
>;

/** parseArgs with positionals, returning a clear message instead of throwing on a bad flag. */
export function parseFlags<T extends Options>(
  argv: string[],
  options: T,
): ({ ok: true } & Parsed<T>) | { ok: false; message: string } {
  try {
    return { ok: true as const, ...parseArgs({ args: argv, options, allowPositionals: true, strict: true }) };
  } catch (error) {
    return { ok: false as const, message: plainMessage((error as Error).message) };
  }
}

/** Node's parser messages, said plainly: "Unknown option '--foo'. To specify…" becomes "unknown option --foo". */
function plainMessage(message: string): string {
  const unknown = /^Unknown option '([^']{1,100})'/.exec(message);
  if (unknown) return `unknown option ${unknown[1]}`;
  const missing = /^Option '([^']{1,100})' argument missing/.exec(message);
  if (missing) return `${missing[1]!.replace(/^-\w, /, '')} needs a value`;
  return message;
}
