import { lineRaw, type Line } from './decode.ts';
import type { ReaderContext } from './context.ts';
import { fallbackId, noIdProblem } from './context.ts';
import { finishConversation } from './finish.ts';
import type { InputRecord, RecordProblem } from './record.ts';
import { roleFor, unknownRoleReason } from './roles.ts';
import { speakerPrefix } from './transcript.ts';
import type { Role } from '../../core/schema/index.ts';

interface Cue {
  start: number;
  end: number;
  speaker?: string;
  text: string;
  line: number;
}

/** WebVTT and SRT: one conversation per file; cues from the same speaker in a row are merged into one turn. */
export async function* readCaptions(
  lines: AsyncIterable<Line>,
  context: ReaderContext,
  kind: 'vtt' | 'srt',
): AsyncGenerator<InputRecord> {
  const raw: string[] = [];
  let rawChars = 0;
  const cues: Cue[] = [];
  const problems: RecordProblem[] = [];
  let current: Cue | undefined;
  let firstLine: number | undefined;
  let skippingBlock = false;
  for await (const line of lines) {
    firstLine ??= line.no;
    if (rawChars < context.options.limits.maxRecordChars) {
      raw.push(lineRaw(line));
      rawChars += line.text.length + 1;
    }
    const text = line.text.trim();
    if (text === '') {
      if (current) cues.push(current);
      current = undefined;
      skippingBlock = false;
      continue;
    }
    if (skippingBlock) continue;
    const timing = parseTiming(text);
    if (timing) {
      if (current) cues.push(current);
      current = { ...timing, text: '', line: line.no };
      continue;
    }
    if (!current) {
      // WEBVTT header, NOTE/STYLE/REGION blocks and cue numbers come before a timing line.
      if (kind === 'vtt' && /^(NOTE|STYLE|REGION)\b/.test(text)) skippingBlock = true;
      continue;
    }
    if (cues.length > context.options.limits.maxTurns * 4) continue;
    const { speaker, body } = cueSpeaker(text);
    if (speaker !== undefined && current.text === '') current.speaker = speaker;
    current.text = current.text ? `${current.text} ${body}` : body;
  }
  if (current) cues.push(current);
  if (firstLine === undefined) return;
  const source = { file: context.file, line: firstLine, index: context.nextIndex() };
  const turns: { role: Role | undefined; text: string; start: number; end: number; metadata: { speaker: string } }[] =
    [];
  let speaker: string | undefined;
  for (const cue of cues) {
    if (cue.text === '') continue;
    const who = cue.speaker ?? speaker;
    if (who === undefined) {
      problems.push({ path: `turns.${turns.length}`, reason: `line ${cue.line}: cue without a speaker label` });
      continue;
    }
    const last = turns[turns.length - 1];
    if (last && last.metadata.speaker === who) {
      last.text = `${last.text} ${cue.text}`;
      last.end = Math.max(last.end, cue.end);
      continue;
    }
    speaker = who;
    const role = roleFor(who, context.options.roleNames);
    if (!role)
      problems.push({
        path: `turns.${turns.length}.role`,
        reason: `line ${cue.line}: ${unknownRoleReason(who, context)}`,
      });
    turns.push({ role, text: cue.text, start: cue.start, end: cue.end, metadata: { speaker: who } });
  }
  const rawText = raw.join('');
  if (problems.length > 0) {
    yield { ok: false, raw: rawText, source, problems: problems.slice(0, 50) };
    return;
  }
  const id = fallbackId(context);
  if (id === undefined) {
    yield { ok: false, raw: rawText, source, problems: [noIdProblem()] };
    return;
  }
  yield finishConversation(
    { id, channel: context.options.channel ?? 'voice', metadata: { source: kind }, turns },
    rawText,
    source,
    context.options.limits,
  );
}

/** `00:00:01.000 --> 00:00:04.000` (VTT, hours optional) or `00:00:01,000 --> 00:00:04,000` (SRT). */
export function parseTiming(text: string): { start: number; end: number } | undefined {
  const arrow = text.indexOf('-->');
  if (arrow === -1) return undefined;
  const start = clockSeconds(text.slice(0, arrow).trim());
  const end = clockSeconds(
    text
      .slice(arrow + 3)
      .trim()
      .split(/\s/)[0] ?? '',
  );
  return start === undefined || end === undefined ? undefined : { start, end };
}

function clockSeconds(text: string): number | undefined {
  const match = /^(?:(\d{1,3}):)?(\d{1,2}):(\d{2})[.,](\d{1,3})$/.exec(text);
  if (!match) return undefined;
  return (
    Number(match[1] ?? 0) * 3600 + Number(match[2]) * 60 + Number(match[3]) + Number(match[4]!.padEnd(3, '0')) / 1000
  );
}

/** `<v Agent Smith>text</v>`, `<v.loud Agent>`, or `Agent: text`; other tags are dropped. */
export function cueSpeaker(text: string): { speaker?: string; body: string } {
  let speaker: string | undefined;
  if (text.startsWith('<v')) {
    const close = text.indexOf('>');
    if (close !== -1) {
      const inside = text.slice(2, close);
      const space = inside.indexOf(' ');
      const name = space === -1 ? '' : inside.slice(space + 1).trim();
      if (name) speaker = name;
    }
  }
  const body = stripTags(text).trim();
  if (speaker !== undefined) return { speaker, body };
  const prefixed = speakerPrefix(body);
  if (prefixed) return { speaker: prefixed.name, body: prefixed.text };
  const dash = body.startsWith('- ') ? speakerPrefix(body.slice(2)) : undefined;
  return dash ? { speaker: dash.name, body: dash.text } : { body };
}

function stripTags(text: string): string {
  let out = '';
  let from = 0;
  for (let open = text.indexOf('<'); open !== -1; open = text.indexOf('<', from)) {
    const close = text.indexOf('>', open);
    if (close === -1) break;
    out += text.slice(from, open);
    from = close + 1;
  }
  return (out + text.slice(from))
    .replaceAll('&amp;', '&')
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&nbsp;', ' ');
}
