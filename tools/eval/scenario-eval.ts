import { analyzeConversation } from '../../src/core/analyze.ts';
import type { FullAnalysis } from '../../src/core/schema/index.ts';
import { loadEngine } from '../../src/io/engine.ts';
import { exampleConversations } from '../bench/corpus.ts';
import { scenarioMisses } from './scenarios.ts';

/** How often the engine lives up to what each example conversation was written to demonstrate. */
export async function evaluate(): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  console.log('\n## Example scenarios: does the analysis show what each example was written to demonstrate?');
  for (const [name, noModel] of [
    ['rules only', true],
    ['rules + model', false],
  ] as const) {
    const engine = await loadEngine({ noModel });
    const pairs = exampleConversations().map((conversation) => ({
      conversation,
      analysis: analyzeConversation(conversation, engine) as FullAnalysis,
    }));
    const { checked, misses } = scenarioMisses(pairs);
    const agreement = (checked - misses.length) / checked;
    console.log(
      `${name.padEnd(14)} ${checked - misses.length}/${checked} expectations met (${(100 * agreement).toFixed(1)}%)`,
    );
    for (const m of misses) console.log(`  missed: ${m.id.padEnd(14)} ${m.tag}`);
    out[noModel ? 'rules' : 'model'] = { checked, missed: misses.length, agreement, misses };
  }
  return out;
}
