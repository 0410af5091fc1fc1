import type { Writable } from 'node:stream';

/** Writes and waits for the stream to drain when its buffer is full, so memory stays flat on big inputs. */
export async function write(stream: Writable, text: string): Promise<void> {
  if (!stream.write(text)) await new Promise<void>((resolve) => stream.once('drain', resolve));
}

/**
 * A writer that gathers lines into chunks of about `size` characters: one stream write per chunk rather than
 * per line (for files and pipes each is a system call), waiting for the stream to drain like `write`.
 */
export function batched(stream: Writable, size = 64 * 1024) {
  let pending = '';
  const send = () => {
    const text = pending;
    pending = '';
    return write(stream, text);
  };
  return {
    async write(text: string): Promise<void> {
      pending += text;
      if (pending.length >= size) await send();
    },
    async flush(): Promise<void> {
      if (pending) await send();
    },
  };
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
