import type { JourneyReport } from '../../core/journeys/index.ts';
import { printable } from './printable.ts';

const fmt = (x: number | undefined) => (x === undefined ? '?' : (x > 0 ? '+' : '') + x.toFixed(2));

/** Each customer's linked contacts and how their sentiment moved across them. */
export function journeyTable(journeys: readonly JourneyReport[]): string {
  const lines = ['', `Journeys (${journeys.length} customers with more than one contact):`];
  for (const j of journeys) {
    lines.push(
      `  ${printable(j.customerId, 40)}: ${j.trajectory.direction} (${fmt(j.trajectory.firstSentiment)} → ${fmt(j.trajectory.lastSentiment)})`,
    );
    for (const c of j.contacts) {
      const repeats = c.repeats.length ? `  repeats ${c.repeats.map((r) => printable(r, 40)).join(', ')}` : '';
      lines.push(
        `    ${(c.at ?? '?').slice(0, 16).padEnd(16)}  ${c.channel.padEnd(9)} ${printable(c.conversationId, 30).padEnd(14)} ${fmt(c.startSentiment)} → ${fmt(c.endSentiment)}${repeats}`,
      );
    }
    if (j.droppedContacts) lines.push(`    (+${j.droppedContacts} more contacts not listed)`);
  }
  return lines.join('\n') + '\n';
}
