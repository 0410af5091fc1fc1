import type { CompiledLexicon } from '../../core/lexicon/compile.ts';
import { privacyGate } from '../../core/privacy/index.ts';
import type { TemplateMark } from '../../core/schema/index.ts';
import { TemplateFinder, templateKind } from '../../core/templates/index.ts';
import { readInputs, type OpenBytes, type ReadOptionsInput } from '../../io/read/index.ts';

/**
 * The first pass of `attune analyze --templates`: reads the files once to find the sentences the batch
 * repeats, and returns each conversation's marks by id (offsets into the text as it will be analysed).
 */
export async function templateMarks(
  paths: string[],
  options: ReadOptionsInput,
  redact: boolean,
  lexicon: CompiledLexicon,
  open?: OpenBytes,
): Promise<Map<string, TemplateMark[]>> {
  const finder = new TemplateFinder();
  for await (const record of readInputs(paths, options, open)) {
    if (!record.ok) continue;
    const gate = privacyGate(record.conversation, { redact });
    if (gate.analyse) finder.add(gate.conversation);
  }
  const marks = new Map<string, TemplateMark[]>();
  for (const template of finder.finish()) {
    const kind = templateKind(template, lexicon);
    for (const o of template.occurrences) {
      const list = marks.get(o.conversation) ?? marks.set(o.conversation, []).get(o.conversation)!;
      list.push({
        turn: o.turn,
        start: o.start,
        end: o.end,
        text: template.text,
        conversations: template.conversations,
        kind,
      });
    }
  }
  for (const list of marks.values()) list.sort((a, b) => a.turn - b.turn || a.start - b.start);
  return marks;
}
