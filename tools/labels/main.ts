/**
 * The labelled set's tooling (docs/annotation.md):
 *   npm run labels -- agreement A.jsonl B.jsonl        kappa per field between two annotators
 *   npm run labels -- packet A.jsonl B.jsonl --out P   conversations they disagree on, with text and both labels, for an adjudicator
 *   npm run labels -- gold --pair A.jsonl,B.jsonl[,ADJUDICATED.jsonl] ... --out gold.jsonl
 * Conversation text is read from --data (default ../shared/data), never copied into the labels.
 */
import { writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { ConversationLabel, GoldLabel } from '../../src/core/training/labels.ts';
import { formatTable } from '../eval/table.ts';
import { halfOf, ibmConversations, readData } from '../eval/customer/read.ts';
import { IBM_FILE } from '../eval/customer/edits.ts';
import { agreementOf, disagreements } from './agreement.ts';
import { readLabels } from './read.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    out: { type: 'string' },
    pair: { type: 'string', multiple: true },
    data: { type: 'string', default: '../shared/data' },
  },
});
const [command, ...files] = positionals;

function load(file: string) {
  const { labels, errors } = readLabels(file, ConversationLabel);
  for (const e of errors) console.error(e);
  if (errors.length) process.exit(2);
  return labels;
}

const annotator = (file: string) => basename(file).replace(/\.jsonl$/, '');

if (command === 'agreement' && files.length === 2) {
  const rows = agreementOf(load(files[0]!), load(files[1]!));
  console.log(
    formatTable(
      ['field', 'units', 'agreement', 'kappa', 'positives'],
      rows.map((r) => [r.field, r.units, r.agreement, r.kappa ?? NaN, r.positives]),
    ),
  );
} else if (command === 'packet' && files.length === 2 && values.out) {
  const data = readData(values.data!, IBM_FILE);
  if (!data.ok) throw new Error(data.error);
  const texts = new Map(
    ibmConversations(data.text).map((c) => [c.id, c.turns.map((t, i) => ({ turn: i, role: t.role, text: t.text }))]),
  );
  const a = load(files[0]!);
  const b = new Map(load(files[1]!).map((l) => [l.id, l]));
  const lines = a.flatMap((la) => {
    const lb = b.get(la.id);
    if (!lb) return [];
    const differ = disagreements(la, lb);
    return differ.length
      ? [JSON.stringify({ id: la.id, turns: texts.get(la.id), first: la, second: lb, disagree: differ })]
      : [];
  });
  writeFileSync(values.out, lines.join('\n') + '\n');
  console.log(`${lines.length} of ${a.length} conversations disagree on at least one field → ${values.out}`);
} else if (command === 'gold' && values.pair?.length && values.out) {
  const gold: GoldLabel[] = [];
  for (const pair of values.pair) {
    const [fa, fb, fadj] = pair.split(',');
    const a = load(fa!);
    const b = new Map(load(fb!).map((l) => [l.id, l]));
    const adjudicated = new Map((fadj ? load(fadj) : []).map((l) => [l.id, l]));
    for (const la of a) {
      const lb = b.get(la.id);
      if (!lb) throw new Error(`${la.id}: labelled in ${fa} but not in ${fb}`);
      const split = halfOf(la.id) === 0 ? 'fit' : 'test';
      const annotators = [annotator(fa!), annotator(fb!)];
      if (!disagreements(la, lb).length) {
        gold.push({ ...la, split, annotators, adjudicated: false });
        continue;
      }
      const final = adjudicated.get(la.id);
      if (!final)
        throw new Error(
          `${la.id}: the annotators disagree and ${fadj ?? 'no adjudication file'} has no adjudicated label`,
        );
      gold.push({ ...final, split, annotators: [...annotators, annotator(fadj!)], adjudicated: true });
    }
  }
  gold.sort((x, y) => (x.id < y.id ? -1 : 1));
  writeFileSync(values.out, gold.map((g) => JSON.stringify(g)).join('\n') + '\n');
  const fit = gold.filter((g) => g.split === 'fit').length;
  console.log(
    `${gold.length} gold labels (${gold.filter((g) => g.adjudicated).length} adjudicated): ${fit} fit, ${gold.length - fit} test → ${values.out}`,
  );
} else {
  console.error(
    'usage: npm run labels -- agreement A B | packet A B --out FILE | gold --pair A,B[,ADJ] ... --out FILE',
  );
  process.exit(2);
}
