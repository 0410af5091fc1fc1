/** Why a file could not be read, in words ("no such file" rather than ENOENT), naming the file. */
export function cannotRead(path: string, err: unknown): string {
  const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message;
  return `cannot read ${path}: ${reason}`;
}
