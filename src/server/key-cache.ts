import type { ApiKey } from '../api/index.ts';
import { hashSecret } from '../store/keys.ts';
import type { Store } from '../store/store.ts';

/**
 * How long a verified key is trusted without reading it again: a key revoked on another node (or by the CLI on the
 * database) is refused within this; one revoked through this node's API at once.
 */
export const KEY_CACHE_MS = 5_000;
/** Keys kept at most: unknown secrets are never kept, so only real keys fill it. */
const MAX_KEYS = 10_000;

export interface KeyCacheOptions {
  ttlMs?: number;
  /** Monotonic milliseconds. */
  now?: () => number;
}

/**
 * The store with its verified keys remembered for `ttlMs`: every request and live connection looks its key up, and
 * on SQLite that read runs on the HTTP thread (tens of ms when the machine is loaded), ahead of every live turn
 * waiting behind it. Revoking through this store forgets the key at once. Secrets are kept as their hash only.
 */
export function withKeyCache(
  store: Store,
  { ttlMs = KEY_CACHE_MS, now = () => performance.now() }: KeyCacheOptions = {},
): Store {
  const known = new Map<string, { key: ApiKey; until: number }>();
  /** Bumped by each revocation: a lookup that began before one does not keep what it read. */
  let revocations = 0;
  const forget = (id: string) => {
    for (const [hash, entry] of known) if (entry.key.id === id) known.delete(hash);
  };
  return {
    ...store,
    findKey: async (secret) => {
      const hash = hashSecret(secret);
      const hit = known.get(hash);
      if (hit && hit.until > now()) return hit.key;
      known.delete(hash);
      const seen = revocations;
      const key = await store.findKey(secret);
      if (key && seen === revocations) {
        if (known.size >= MAX_KEYS) known.delete(known.keys().next().value!);
        known.set(hash, { key, until: now() + ttlMs });
      }
      return key;
    },
    revokeKey: async (id) => {
      revocations++;
      forget(id);
      const revoked = await store.revokeKey(id);
      // a lookup that read the key while it was being revoked is not kept either
      revocations++;
      forget(id);
      return revoked;
    },
  };
}
