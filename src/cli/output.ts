import type { Writable } from 'node:stream';

/** Writes and waits for the stream to drain when its buffer is full, so memory stays flat on big inputs. */
export async function write(stream: Writable, text: string | Uint8Array): Promise<void> {
  if (!stream.write(text)) await new Promise<void>((resolve) => stream.once('drain', resolve));
}

/**
 * A writer that encodes lines straight into chunks of `size` bytes and writes one chunk at a time, waiting for
 * the stream to drain like `write`. A file stream would otherwise turn every line into a Buffer of its own,
 * which costs four times the encoding (measured on 28 KB analyses); for files and pipes each write is also a system call.
 */
export function batched(stream: Writable, size = 256 * 1024) {
  let chunk = Buffer.allocUnsafe(size);
  let used = 0;
  const send = () => {
    const full = chunk.subarray(0, used);
    // a fresh chunk each time: the stream may still hold the last one
    chunk = Buffer.allocUnsafe(size);
    used = 0;
    return write(stream, full);
  };
  return {
    async write(text: string): Promise<void> {
      // one UTF-16 unit never takes more than 3 bytes of UTF-8, so a line that passes this check fits whole
      if (text.length * 3 > size - used && used > 0) await send();
      if (text.length * 3 > size) await write(stream, text);
      else used += chunk.write(text, used);
    },
    /**
     * `text` and a line break, without joining them first: joining makes a string the encoder must copy whole
     * before it encodes it, a second copy of every ~26 KB analysis.
     */
    async line(text: string): Promise<void> {
      if ((text.length + 1) * 3 > size - used && used > 0) await send();
      if ((text.length + 1) * 3 > size) {
        await write(stream, text);
        await write(stream, '\n');
      } else {
        used += chunk.write(text, used);
        chunk[used++] = 10;
      }
    },
    async flush(): Promise<void> {
      if (used > 0) await send();
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
