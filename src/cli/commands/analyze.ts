import { createWriteStream, existsSync, statSync } from 'node:fs';
import { analyzeConversation } from '../../core/analyze.ts';
import { redactConversation } from '../../core/privacy/index.ts';
import { runPipeline, type PipelineSteps } from '../../core/pipeline.ts';
import { createJourneyTracker } from '../../core/journeys/index.ts';
import { CHANNELS } from '../../core/schema/index.ts';
import { journeyTable } from '../format/journeys.ts';
import { loadEngine } from '../../io/engine.ts';
import {
  describeRejection,
  openFile,
  parseColumnMap,
  parseRoleNames,
  rawBytes,
  readInputs,
  type InputRecord,
  type OpenBytes,
  type ReadOptionsInput,
} from '../../io/read/index.ts';
import type { Writable } from 'node:stream';
import { parseFlags } from '../args.ts';
import { explain } from '../format/explain.ts';
import { TABLE_LEGEND, tableHeader, tableRow, Totals } from '../format/table.ts';
import { batched, progress } from '../output.ts';
import { ANALYSIS_FIELDS, pickFields, summarize, type AnalysisField } from '../format/summary.ts';
import { templateMarks } from './template-marks.ts';
import { analyzeCall } from './analyze-call.ts';

const HELP = `usage: attune analyze [FILE...] [options]

  --format jsonl|json|table   output (default jsonl: one analysis per line)
  --summary                   jsonl/json: one compact record per conversation (scores, tier, routing, cue kinds; ~300 bytes
                              instead of ~25 KB), for dashboards and spreadsheets
  --fields LIST               jsonl/json: only these fields of the full record, e.g. id,scores,tier,routing
                              (${ANALYSIS_FIELDS.join(', ')})
  --explain ID                print one conversation's analysis for a person, evidence quoted
  --rejects FILE              write every rejected record here, byte for byte as it came
  --config FILE               lexicon overlay (phrases appended, thresholds and weights replaced)
  --model FILE                emotion model artefact (default: the shipped one)
  --no-model                  rules only
  --input-format FORMAT       jsonl, json, csv, transcript, vtt, srt, transcribe, zendesk, eml, mbox (default: detected)
  --map SPEC                  CSV columns, e.g. conversation=ticket_id,role=speaker,text=message
  --roles SPEC                speaker names to roles, e.g. "Sarah=agent,John=customer"
  --agent-domains LIST        e-mail domains of agents, comma-separated
  --opt-out-field NAME        a source field or CSV column whose truthy value means "do not analyse" (default opt_out)
  --channel CHANNEL           channel when the source does not say (voice, chat, email, messaging, social, ticket)
  --no-redact                 keep personal data (only for data that is already clean)
  --journeys                  link each customer's contacts (by customer id, within --journey-days): a later contact
                              about the same thing gets a repeat-contact cue citing the earlier ones, and the journeys
                              with their emotional trajectory are printed at the end (jsonl: a last {"journeys": [...]} line)
  --journey-days N            the journey window in days (default 7)
  --transcript FILE           with one audio file (WAV, 8 or 16 kHz): the call's transcript in any format above, with
                              turn times; adds the voice (rate, pitch, loudness, overlaps, dead air) to the analysis
  --audio-channels LIST       who is on each channel of a stereo recording, e.g. agent,customer (mono: mixed)
  --templates                 read the files twice: first to find the agent sentences the batch repeats near-verbatim
                              (stock empathy formulas and pasted macros), then mark them in each analysis (files only)

Exit codes: 0 all records analysed or skipped, 2 some records rejected, 1 a setup error, 64 bad flags, 66 a missing file.`;

const FLAGS = {
  format: { type: 'string', default: 'jsonl' },
  explain: { type: 'string' },
  summary: { type: 'boolean', default: false },
  fields: { type: 'string' },
  rejects: { type: 'string' },
  config: { type: 'string' },
  model: { type: 'string' },
  'no-model': { type: 'boolean', default: false },
  'input-format': { type: 'string' },
  map: { type: 'string' },
  roles: { type: 'string' },
  'agent-domains': { type: 'string' },
  'no-redact': { type: 'boolean', default: false },
  'opt-out-field': { type: 'string' },
  channel: { type: 'string' },
  journeys: { type: 'boolean', default: false },
  'journey-days': { type: 'string', default: '7' },
  templates: { type: 'boolean', default: false },
  transcript: { type: 'string' },
  'audio-channels': { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

const FORMATS = ['jsonl', 'json', 'table'] as const;

/** Where the command reads and writes; tests pass their own streams. */
export interface CommandIO {
  stdout: NodeJS.WritableStream & Writable;
  stderr: NodeJS.WritableStream & Writable;
  /** Byte source for a path ("-" is stdin). */
  open?: OpenBytes;
  isTTY?: boolean;
}

const PROCESS_IO: CommandIO = { stdout: process.stdout, stderr: process.stderr, isTTY: Boolean(process.stderr.isTTY) };

export async function run(argv: string[], io: CommandIO = PROCESS_IO): Promise<number> {
  const parsed = parseFlags(argv, FLAGS);
  if (!parsed.ok) {
    io.stderr.write(`attune analyze: ${parsed.message}\n\n${HELP}\n`);
    return 64;
  }
  const { values: flags, positionals } = parsed;
  if (flags.help) {
    io.stdout.write(HELP + '\n');
    return 0;
  }
  const format = flags.format as (typeof FORMATS)[number];
  if (!FORMATS.includes(format)) {
    io.stderr.write(`attune analyze: --format must be one of ${FORMATS.join(', ')} (got "${flags.format}")\n`);
    return 64;
  }
  if (flags.channel !== undefined && !(CHANNELS as readonly string[]).includes(flags.channel)) {
    io.stderr.write(`attune analyze: --channel must be one of ${CHANNELS.join(', ')} (got "${flags.channel}")\n`);
    return 64;
  }
  const fields = flags.fields
    ?.split(',')
    .map((f) => f.trim())
    .filter(Boolean);
  const unknownFields = fields?.filter((f) => !(ANALYSIS_FIELDS as readonly string[]).includes(f)) ?? [];
  if (fields && (unknownFields.length || !fields.length)) {
    io.stderr.write(
      `attune analyze: --fields takes ${ANALYSIS_FIELDS.join(', ')} (got "${unknownFields.join(', ') || flags.fields}")\n`,
    );
    return 64;
  }
  if ((fields || flags.summary) && (format === 'table' || flags.explain || (fields && flags.summary))) {
    io.stderr.write('attune analyze: --summary and --fields shape jsonl or json output, one of them at a time\n');
    return 64;
  }
  const paths = positionals.length ? positionals : ['-'];
  const missing = paths.filter((p) => p !== '-' && !io.open && !existsSync(p));
  if (missing.length) {
    io.stderr.write(`attune analyze: no such file: ${missing.join(', ')}\n`);
    return 1;
  }
  if (!positionals.length && io.isTTY && process.stdin.isTTY) {
    io.stderr.write(`attune analyze: no files given and nothing piped in\n\n${HELP}\n`);
    return 64;
  }
  const engine = await loadEngine({ configFile: flags.config, modelFile: flags.model, noModel: flags['no-model'] });
  const options: ReadOptionsInput = {
    ...(flags['input-format'] ? { inputFormat: flags['input-format'] as ReadOptionsInput['inputFormat'] } : {}),
    ...(flags.map ? { columnMap: parseColumnMap(flags.map) } : {}),
    ...(flags.roles ? { roleNames: parseRoleNames(flags.roles) as ReadOptionsInput['roleNames'] } : {}),
    ...(flags['opt-out-field'] ? { optOutField: flags['opt-out-field'] } : {}),
    ...(flags.channel ? { channel: flags.channel as ReadOptionsInput['channel'] } : {}),
    ...(flags['agent-domains']
      ? {
          agentDomains: flags['agent-domains']
            .split(',')
            .map((d) => d.trim())
            .filter(Boolean),
        }
      : {}),
  };
  const journeyDays = Number(flags['journey-days']);
  if (!(journeyDays > 0)) {
    io.stderr.write(`attune analyze: --journey-days must be a positive number (got "${flags['journey-days']}")\n`);
    return 64;
  }
  if (flags.transcript !== undefined) {
    if (paths.length !== 1 || paths[0] === '-') {
      io.stderr.write('attune analyze: --transcript goes with exactly one audio file\n');
      return 64;
    }
    return analyzeCall(
      paths[0]!,
      {
        transcript: flags.transcript,
        audioChannels: flags['audio-channels'],
        redact: !flags['no-redact'],
        explain: Boolean(flags.explain),
      },
      options,
      engine,
      io,
      io.open ?? openFile,
    );
  }
  const tracker = flags.journeys ? createJourneyTracker({ windowDays: journeyDays }) : null;
  const steps: PipelineSteps = {
    analyze: (conversation, analyzeOptions) => analyzeConversation(conversation, engine, analyzeOptions),
    ...(flags['no-redact'] ? {} : { redact: redactConversation }),
    journey: { windowDays: journeyDays },
    contacts: tracker !== null,
  };
  if (flags.templates && paths.includes('-')) {
    io.stderr.write('attune analyze: --templates reads its input twice, so it needs files, not standard input\n');
    return 64;
  }
  const marks = flags.templates
    ? await templateMarks(paths, options, !flags['no-redact'], engine.lexicon, io.open)
    : null;
  const large = paths.some((p) => p === '-' || safeSize(p) > 2_000_000);
  const bar = progress(io.stderr, Boolean(io.isTTY) && large && format !== 'table');
  const rejects = flags.rejects ? createWriteStream(flags.rejects) : null;
  const out = batched(io.stdout);
  const totals = new Totals();
  const counts = { read: 0, analysed: 0, skipped: 0, rejected: 0 };
  let found = false;
  if (format === 'table' && !flags.explain) await out.write(tableHeader() + '\n');
  if (format === 'json' && !flags.explain) await out.write(tracker ? '{"analyses": [' : '[');
  for await (const record of readInputs(paths, options, io.open)) {
    counts.read++;
    bar.tick(counts.read);
    if (!record.ok) {
      counts.rejected++;
      io.stderr.write(`rejected: ${describeRejection(record)}\n`);
      if (rejects) await writeReject(rejects, record);
      continue;
    }
    if (flags.explain && record.conversation.id !== flags.explain) continue;
    const customerId = record.conversation.customer?.id;
    const { conversation, analysis, contact, repeats } = runPipeline(
      record.conversation,
      steps,
      tracker && customerId ? tracker.earlier(customerId) : [],
    );
    if (tracker && contact) tracker.record(contact, repeats);
    if (marks && !('skipped' in analysis)) analysis.templates = marks.get(conversation.id) ?? [];
    if ('skipped' in analysis) counts.skipped++;
    else counts.analysed++;
    if (flags.explain) {
      found = true;
      await out.write(
        ('skipped' in analysis
          ? `Conversation ${analysis.id}: skipped, the customer opted out of analysis.`
          : explain(analysis)) + '\n',
      );
      break;
    }
    totals.add(analysis);
    const shown =
      flags.summary && !('skipped' in analysis)
        ? summarize(conversation, analysis)
        : fields
          ? pickFields(analysis, fields as AnalysisField[])
          : analysis;
    if (format === 'jsonl') await out.line(JSON.stringify(shown));
    else if (format === 'json')
      await out.write((counts.analysed + counts.skipped > 1 ? ',\n' : '\n') + JSON.stringify(shown, null, 2));
    else await out.write(tableRow(conversation, analysis) + '\n');
  }
  bar.done();
  const journeys = tracker?.finish();
  if (format === 'json' && !flags.explain)
    await out.write(journeys ? `\n],\n"journeys": ${JSON.stringify(journeys, null, 2)}\n}\n` : '\n]\n');
  if (format === 'jsonl' && journeys) await out.write(JSON.stringify({ journeys }) + '\n');
  if (format === 'table' && journeys) await out.write(journeyTable(journeys));
  if (format === 'table' && !flags.explain) await out.write(`\n${totals.line()}\n${TABLE_LEGEND}\n`);
  await out.flush();
  if (rejects) await new Promise<void>((resolve) => rejects.end(resolve));
  if (flags.explain) {
    if (!found) io.stderr.write(`attune analyze: no conversation with id "${flags.explain}" in the input\n`);
    return found ? 0 : 1;
  }
  io.stderr.write(
    `read ${counts.read}: analysed ${counts.analysed}, skipped ${counts.skipped} (opted out), rejected ${counts.rejected}\n`,
  );
  return counts.rejected ? 2 : 0;
}

/** A rejected record's bytes as they came, then a line break if they did not end with one, so records stay apart. */
async function writeReject(rejects: Writable, record: Extract<InputRecord, { ok: false }>): Promise<void> {
  const ended = record.raw.endsWith('\n') || record.raw.endsWith('\r');
  const bytes = ended ? rawBytes(record) : rawBytes({ ...record, raw: record.raw + '\n' });
  if (!rejects.write(bytes)) await new Promise<void>((resolve) => rejects.once('drain', resolve));
}

function safeSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}
