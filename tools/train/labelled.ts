/**
 * What the fitting scripts (`npm run fit-weights`, `npm run fit-calibration`) share: their flags, the
 * shipped lexicon's path, the project's gold labels and the IBM threads they are keyed to. Exits with a
 * clear message when the threads or the labels cannot be read.
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Conversation } from '../../src/core/schema/index.ts';
import { GoldLabel } from '../../src/core/training/labels.ts';
import { IBM_FILE } from '../eval/customer/edits.ts';
import { GOLD_FILE } from '../eval/customer/labels.ts';
import { ibmConversations, readData } from '../eval/customer/read.ts';
import { readLabels } from '../labels/read.ts';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const LEXICON_FILE = join(repoRoot, 'src', 'core', 'lexicon', 'default.json');

export function readLabelled(command: string): {
  dryRun: boolean;
  labels: GoldLabel[];
  conversations: Map<string, Conversation>;
} {
  const { values } = parseArgs({
    options: {
      data: { type: 'string', default: join(repoRoot, '..', 'shared', 'data') },
      'dry-run': { type: 'boolean', default: false },
    },
  });
  const texts = readData(values.data!, IBM_FILE);
  if (!texts.ok) {
    console.error(`${command}: ${texts.error}; nothing fitted`);
    process.exit(1);
  }
  const { labels, errors } = readLabels(GOLD_FILE, GoldLabel);
  if (errors.length) {
    console.error(errors.join('\n'));
    process.exit(1);
  }
  return {
    dryRun: values['dry-run']!,
    labels,
    conversations: new Map(ibmConversations(texts.text).map((c) => [c.id, c])),
  };
}
