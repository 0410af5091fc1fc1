import type { EraseResult } from '../api/index.ts';
import type { Store } from '../store/store.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Deletes conversations older than `retentionDays` (0 keeps everything); returns what was purged. */
export async function purgeExpired(store: Store, retentionDays: number, now: Date): Promise<EraseResult | null> {
  if (retentionDays <= 0) return null;
  const before = new Date(now.getTime() - retentionDays * DAY_MS).toISOString();
  // a start time more than a day ahead is not trusted: such conversations age from when they arrived
  const purged = await store.purgeOlderThan(before, new Date(now.getTime() + DAY_MS).toISOString());
  if (purged.conversations > 0) {
    await store.recordAudit({
      keyId: null,
      action: 'retention-purge',
      target: `before ${before}: ${purged.conversations} conversations`,
      at: now.toISOString(),
    });
  }
  return purged;
}

/** The retention in effect: an admin's (`PUT /v1/settings`), else the server's default (ATTUNE_RETENTION_DAYS). */
export async function retentionInEffect(store: Store, serverDays: number): Promise<number> {
  return (await store.readSettings()).values.retentionDays ?? serverDays;
}
