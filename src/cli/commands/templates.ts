import { privacyGate } from '../../core/privacy/index.ts';
import { DEFAULT_TEMPLATE_OPTIONS, TemplateFinder, templateKind } from '../../core/templates/index.ts';
import { loadEngine } from '../../io/engine.ts';
import { describeRejection, readInputs } from '../../io/read/index.ts';
import { parseFlags } from '../args.ts';
import { write } from '../output.ts';
import type { CommandIO } from './analyze.ts';

const HELP = `usage: attune templates [FILE...] [options]

Reads conversations (any format attune analyze reads) and lists agent sentences that recur near-verbatim
(handles, links, numbers and sign-offs folded) across conversations, most shared first. Each is marked
stock-empathy (a formula said to everyone: a fault) or macro (pasted instructions: not a fault in itself).

  --min-conversations N   how many conversations must share a sentence (default ${DEFAULT_TEMPLATE_OPTIONS.minConversations})
  --min-words N           shorter sentences are ignored (default ${DEFAULT_TEMPLATE_OPTIONS.minWords})
  --similarity X          variants whose word pairs overlap this much (Jaccard, 0.3-1) are one template (default ${DEFAULT_TEMPLATE_OPTIONS.similarity}; 1 = verbatim)
  --format table|jsonl    output (default table)
  --config FILE           lexicon overlay, for telling stock empathy from macros

Exit codes: 0 done, 2 some records rejected, 64 bad flags.`;

const FLAGS = {
  'min-conversations': { type: 'string', default: String(DEFAULT_TEMPLATE_OPTIONS.minConversations) },
  'min-words': { type: 'string', default: String(DEFAULT_TEMPLATE_OPTIONS.minWords) },
  similarity: { type: 'string', default: String(DEFAULT_TEMPLATE_OPTIONS.similarity) },
  format: { type: 'string', default: 'table' },
  config: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

const PROCESS_IO: CommandIO = { stdout: process.stdout, stderr: process.stderr };

export async function run(argv: string[], io: CommandIO = PROCESS_IO): Promise<number> {
  const parsed = parseFlags(argv, FLAGS);
  if (!parsed.ok) {
    io.stderr.write(`attune templates: ${parsed.message}\n\n${HELP}\n`);
    return 64;
  }
  const { values: flags, positionals } = parsed;
  if (flags.help) {
    io.stdout.write(HELP + '\n');
    return 0;
  }
  const minConversations = Number(flags['min-conversations']);
  const minWords = Number(flags['min-words']);
  if (!Number.isInteger(minConversations) || minConversations < 2 || !Number.isInteger(minWords) || minWords < 1) {
    io.stderr.write(
      'attune templates: --min-conversations must be an integer of at least 2 and --min-words at least 1\n',
    );
    return 64;
  }
  const similarity = Number(flags.similarity);
  if (!(similarity >= 0.3 && similarity <= 1)) {
    io.stderr.write(`attune templates: --similarity must be a number from 0.3 to 1 (got "${flags.similarity}")\n`);
    return 64;
  }
  if (flags.format !== 'table' && flags.format !== 'jsonl') {
    io.stderr.write(`attune templates: --format must be table or jsonl (got "${flags.format}")\n`);
    return 64;
  }
  const engine = await loadEngine({ configFile: flags.config, noModel: true });
  const finder = new TemplateFinder({ minConversations, minWords, similarity });
  let read = 0,
    rejected = 0,
    skipped = 0;
  for await (const record of readInputs(positionals.length ? positionals : ['-'], {}, io.open)) {
    read++;
    if (!record.ok) {
      rejected++;
      io.stderr.write(`rejected: ${describeRejection(record)}\n`);
      continue;
    }
    // opted-out conversations are not analysed, and personal data never reaches the output
    const gate = privacyGate(record.conversation, { redact: true });
    if (!gate.analyse) {
      skipped++;
      continue;
    }
    finder.add(gate.conversation);
  }
  const templates = finder.finish().map((t) => ({ ...t, kind: templateKind(t, engine.lexicon) }));
  if (flags.format === 'jsonl') {
    for (const t of templates) await write(io.stdout, JSON.stringify(t) + '\n');
  } else {
    await write(
      io.stdout,
      `${'conversations'.padStart(13)}  ${'agents'.padStart(6)}  ${'kind'.padEnd(13)}  sentence\n`,
    );
    for (const t of templates)
      await write(
        io.stdout,
        `${String(t.conversations).padStart(13)}  ${String(t.agents).padStart(6)}  ${t.kind.padEnd(13)}  ${JSON.stringify(t.text)}\n`,
      );
  }
  const stock = templates.filter((t) => t.kind === 'stock-empathy').length;
  io.stderr.write(
    `read ${read}: ${templates.length} templates (${stock} stock empathy, ${templates.length - stock} macros); skipped ${skipped} (opted out), rejected ${rejected}\n`,
  );
  return rejected ? 2 : 0;
}
