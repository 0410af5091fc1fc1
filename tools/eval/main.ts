import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { readArtefactHeader } from '../../src/io/models.ts';
import type { ArtefactHeader } from '../../src/core/models/artefact.ts';
import { checkRegression, CUSTOMER_FIGURES_FILE, readLexiconFigures } from './regression.ts';

const USAGE =
  'usage: npm run eval -- [--data DIR] [--split dev|test] [--json FILE] [--check] [--record] [--only models|customer|pii|scenarios]';
const { values: flags } = parseArgs({
  options: {
    data: { type: 'string', default: '../shared/data' },
    split: { type: 'string', default: 'dev' },
    json: { type: 'string' },
    check: { type: 'boolean', default: false },
    /** Write this run's customer-service figures as the new record (after a change made on purpose). */
    record: { type: 'boolean', default: false },
    only: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});
if (flags.help) {
  console.log(USAGE);
  process.exit(0);
}

const MODELS_DIR = path.join(import.meta.dirname, '..', '..', 'models');
const wanted = (name: string) => !flags.only || flags.only === name;
const figures: Record<string, unknown> = {
  machine: `${os.cpus().length} cores, Node ${process.version}`,
  split: flags.split,
};
console.log(`Attune evaluation — split "${flags.split}", data ${path.resolve(flags.data)}, ${figures.machine}`);

if (wanted('models')) {
  if (!existsSync(flags.data)) {
    console.log(
      `\nno labelled data at ${path.resolve(flags.data)}: model and detector evaluation skipped (pass --data DIR; see ../shared/data/README.md for the layout)`,
    );
  } else {
    figures.models = await (await import('./models.ts')).evaluate({ data: flags.data, split: flags.split });
  }
}
if (wanted('customer')) {
  if (!existsSync(flags.data))
    console.log(`\nno data at ${path.resolve(flags.data)}: customer-service evaluation skipped`);
  else {
    const engine = await (await import('../../src/io/engine.ts')).loadEngine();
    figures.customer = await (await import('./customer/index.ts')).evaluateCustomer({ data: flags.data, engine });
    if (flags.record) {
      const { recordCustomerFigures } = await import('./customer/record.ts');
      recordCustomerFigures(
        CUSTOMER_FIGURES_FILE,
        figures.customer as Record<string, unknown>,
        engine.lexicon.data.version,
      );
      console.log(`\ncustomer-service figures recorded in ${CUSTOMER_FIGURES_FILE.pathname}`);
    }
  }
}
if (wanted('pii')) figures.pii = await (await import('./pii.ts')).evaluate();
if (wanted('scenarios')) figures.scenarios = await (await import('./scenario-eval.ts')).evaluate();

if (flags.json) {
  writeFileSync(flags.json, JSON.stringify(figures, null, 2) + '\n');
  console.log(`\nfigures written to ${flags.json}`);
}

if (flags.check && figures.customer) {
  const regressions = checkRegression(figures.customer as Record<string, unknown>, [
    readLexiconFigures(CUSTOMER_FIGURES_FILE),
  ]);
  for (const r of regressions) console.error(`REGRESSION: ${r.message}`);
  console.log(
    `\n--check: ${regressions.length} customer-service figure(s) more than 0.02 worse than recorded in tools/eval/customer-figures.json`,
  );
  if (regressions.length) process.exitCode = 1;
}
if (flags.check && wanted('models')) {
  if (!figures.models) {
    console.log('\n--check: no model figures measured (data absent), nothing to compare');
  } else {
    const headers = readdirSync(MODELS_DIR)
      .filter((f) => f.endsWith('.json'))
      .map((f) => readArtefactHeader(path.join(MODELS_DIR, f)))
      .filter((h): h is ArtefactHeader => !('error' in h));
    const regressions = checkRegression(figures.models as Record<string, unknown>, [...headers, readLexiconFigures()]);
    for (const r of regressions) console.error(`REGRESSION: ${r.message}`);
    console.log(
      `\n--check: ${regressions.length} headline figure(s) more than 0.02 below the artefact headers (${headers.length} artefact(s)) and the lexicon's recorded figures`,
    );
    if (regressions.length) process.exit(1);
  }
}
