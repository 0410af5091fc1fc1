import type { Writable } from 'node:stream';

/** Writes and waits for the stream to drain when its buffer is full, so memory stays flat on big inputs. */
export async function write(stream: Writable, text: string): Promise<void> {
  if (!stream.write(text)) await new Promise<void>((resolve) => stream.once('drain', resolve));
}

/** A progress line on stderr, only when stderr is a terminal. */
export function progress(stderr: Writable, enabled: boolean) {
  const started = Date.now();
  let last = 0;
  return {
    tick(count: number) {
      if (!enabled || Date.now() - last < 250) return;
      last = Date.now();
      const rate = Math.round((count * 1000) / Math.max(1, last - started));
      stderr.write(`\r  ${count.toLocaleString('en')} conversations  ${rate.toLocaleString('en')}/s `);
    },
    done() {
      if (enabled && last) stderr.write('\r\x1b[K');
    },
  };
}
