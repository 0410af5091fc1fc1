import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { lineRaw, type Line } from './decode.ts';
import type { ReaderContext } from './context.ts';
import { fallbackId, hint, noIdProblem } from './context.ts';
import { finishConversation, isOptOut, reject, toIsoTime } from './finish.ts';
import type { CsvField } from './options.ts';
import type { InputRecord, RecordProblem } from './record.ts';
import { roleFor, unknownRoleReason } from './roles.ts';
import columnAliases from './csv-columns.json' with { type: 'json' };

type Columns = Partial<Record<CsvField | 'optOut', number>>;

interface Group {
  id: string;
  firstLine: number;
  raw: string[];
  rawChars: number;
  rows: Record<string, string | undefined>[];
  problems: RecordProblem[];
  optedOut: boolean;
  count: number;
}

/** CSV with one turn per row; rows of a conversation must be consecutive. The header names the columns (see csv-columns.json, or --map). */
export async function* readCsv(lines: AsyncIterable<Line>, context: ReaderContext): AsyncGenerator<InputRecord> {
  const iterator = lines[Symbol.asyncIterator]();
  let first = await iterator.next();
  while (!first.done && first.value.text.trim() === '') first = await iterator.next();
  if (first.done) return;
  const headerLine = first.value;
  const delimiter = pickDelimiter(headerLine.text);
  const skipped: { reason: string; raw: string; line: number }[] = [];
  const parser = parse({
    delimiter,
    bom: true,
    relax_column_count: true,
    skip_empty_lines: true,
    info: true,
    raw: true,
    skip_records_with_error: true,
    max_record_size: context.options.limits.maxRecordChars,
    on_skip: (error, raw) => {
      skipped.push({
        reason: error?.message ?? 'unreadable row',
        raw: raw ?? '',
        line: (error as { lines?: number } | undefined)?.lines ?? 0,
      });
      return undefined;
    },
  });
  // csv-parse reads the lines with LF endings; each record's raw is taken from the lines as they came (exact bytes)
  const pending: Line[] = [headerLine];
  const text = async function* () {
    yield headerLine.text + '\n';
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      pending.push(next.value);
      yield next.value.text + '\n';
    }
  };
  /** The lines up to `endLine` as they came; those before `startLine` (blank lines csv-parse skips) belong to no record. */
  const rawLines = (startLine: number, endLine: number): string => {
    let raw = '';
    while (pending.length > 0 && pending[0]!.no <= endLine) {
      const line = pending.shift()!;
      if (line.no >= startLine) raw += lineRaw(line);
    }
    return raw;
  };
  Readable.from(text()).pipe(parser);
  let columns: Columns | undefined;
  let group: Group | undefined;
  const seen = new Set<string>();
  const lineOffset = headerLine.no - 1;
  try {
    for await (const item of parser as AsyncIterable<{ record: string[]; raw: string; info: { lines: number } }>) {
      yield* drainSkipped();
      const endLine = item.info.lines + lineOffset;
      const startLine = endLine - countNewlines(item.raw.replace(/\n$/, ''));
      const raw = rawLines(startLine, endLine);
      if (!columns) {
        columns = mapColumns(item.record, context);
        if (columns.text === undefined || columns.role === undefined) {
          yield reject(
            raw,
            { file: context.file, line: startLine, index: context.nextIndex() },
            'header',
            `no ${columns.text === undefined ? 'text' : 'role'} column (name it, or use ${hint(context, 'map', `${columns.text === undefined ? 'text' : 'role'}=COLUMN`)})`,
          );
          parser.destroy();
          void iterator.return?.(undefined);
          return;
        }
        continue;
      }
      const row = rowValues(item.record, columns);
      // '' when neither the row nor the request names the conversation: the group is rejected for it
      const id = row.conversation?.trim() || fallbackId(context) || '';
      if (group && group.id !== id) {
        yield finishGroup(group, seen, context);
        group = undefined;
      }
      group ??= { id, firstLine: startLine, raw: [], rawChars: 0, rows: [], problems: [], optedOut: false, count: 0 };
      addRow(group, row, raw, startLine, context);
    }
  } catch (error) {
    yield* drainSkipped();
    const raw = group ? group.raw.join('') : '';
    yield reject(
      raw,
      { file: context.file, line: group?.firstLine ?? headerLine.no, index: context.nextIndex() },
      '',
      `CSV syntax error: ${(error as Error).message}`,
    );
    return;
  }
  yield* drainSkipped();
  if (group) yield finishGroup(group, seen, context);

  function* drainSkipped(): Generator<InputRecord> {
    for (const skip of skipped.splice(0)) {
      yield reject(
        skip.raw,
        { file: context.file, line: skip.line + lineOffset, index: context.nextIndex() },
        '',
        `CSV syntax error: ${skip.reason}`,
      );
    }
  }
}

function addRow(
  group: Group,
  row: Record<string, string | undefined>,
  raw: string,
  line: number,
  context: ReaderContext,
): void {
  if (group.rawChars + raw.length <= context.options.limits.maxRecordChars) {
    group.raw.push(raw);
    group.rawChars += raw.length;
  }
  if (isOptOut(row.optOut)) group.optedOut = true;
  group.count++;
  if (group.rows.length >= context.options.limits.maxTurns) return;
  const index = group.rows.length;
  group.rows.push(row);
  if (!row.role || !roleFor(row.role, context.options.roleNames)) {
    group.problems.push({
      path: `turns.${index}.role`,
      reason: `line ${line}: ${row.role ? unknownRoleReason(row.role, context) : 'empty role'}`,
    });
  }
  if (row.time && toIsoTime(row.time) === undefined)
    group.problems.push({
      path: `turns.${index}.at`,
      reason: `line ${line}: not a recognisable time "${row.time.slice(0, 40)}"`,
    });
}

function finishGroup(group: Group, seen: Set<string>, context: ReaderContext): InputRecord {
  const raw = group.raw.join('');
  const source = { file: context.file, line: group.firstLine, index: context.nextIndex() };
  if (group.id === '') return { ok: false, raw, source, problems: [noIdProblem()] };
  if (seen.has(group.id))
    return reject(
      raw,
      source,
      'conversation',
      `conversation "${group.id}" appears again after other conversations (rows of a conversation must be consecutive)`,
    );
  if (seen.size < 5_000_000) seen.add(group.id);
  if (group.problems.length > 0) return { ok: false, raw, source, problems: group.problems };
  const { maxTurns } = context.options.limits;
  if (group.count > maxTurns)
    return reject(raw, source, 'turns', `conversation has ${group.count} turns, over the limit of ${maxTurns}`);
  const first = group.rows[0] ?? {};
  const turns = group.rows.map((row) => {
    const at = row.time ? toIsoTime(row.time) : undefined;
    const start = numberOrUndefined(row.start);
    const end = numberOrUndefined(row.end);
    return {
      role: row.role ? roleFor(row.role, context.options.roleNames) : undefined,
      text: row.text ?? '',
      ...(at ? { at } : {}),
      ...(start !== undefined ? { start } : {}),
      ...(end !== undefined ? { end } : {}),
    };
  });
  const startedAt = turns[0]?.at;
  return finishConversation(
    {
      id: group.id,
      channel: channelFor(first.channel) ?? context.options.channel ?? 'chat',
      ...(startedAt ? { startedAt } : {}),
      ...(first.customer ? { customer: { id: first.customer } } : {}),
      ...(first.agent ? { agent: { id: first.agent, ...(first.team ? { team: first.team } : {}) } } : {}),
      ...(first.queue ? { queue: first.queue } : {}),
      ...(group.optedOut ? { consent: { analysis: false } } : {}),
      turns,
    },
    raw,
    source,
    context.options.limits,
  );
}

function mapColumns(header: string[], context: ReaderContext): Columns {
  const names = header.map((h) => h.trim().toLowerCase());
  const columns: Columns = {};
  const aliases = columnAliases as Record<CsvField, string[]>;
  for (const field of Object.keys(aliases) as CsvField[]) {
    const mapped = context.options.columnMap[field]?.toLowerCase();
    const index = mapped !== undefined ? names.indexOf(mapped) : names.findIndex((n) => aliases[field].includes(n));
    if (index !== -1) columns[field] = index;
  }
  const optOut = names.indexOf(context.options.optOutField.toLowerCase());
  if (optOut !== -1) columns.optOut = optOut;
  return columns;
}

function rowValues(record: string[], columns: Columns): Record<string, string | undefined> {
  const row: Record<string, string | undefined> = {};
  for (const [field, index] of Object.entries(columns)) row[field] = record[index as number];
  return row;
}

function pickDelimiter(header: string): string {
  const counts = [',', ';', '\t', '|'].map((d) => [d, header.split(d).length] as const);
  counts.sort((a, b) => b[1] - a[1]);
  return counts[0]![1] > 1 ? counts[0]![0] : ',';
}

function countNewlines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

function numberOrUndefined(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

const CHANNEL_ALIASES: Record<string, string> = {
  phone: 'voice',
  call: 'voice',
  telephone: 'voice',
  sms: 'messaging',
  whatsapp: 'messaging',
  text: 'messaging',
  web: 'chat',
  livechat: 'chat',
  'live chat': 'chat',
  mail: 'email',
  'e-mail': 'email',
};

function channelFor(value: string | undefined): string | undefined {
  const key = value?.trim().toLowerCase();
  if (!key) return undefined;
  return CHANNEL_ALIASES[key] ?? key;
}
