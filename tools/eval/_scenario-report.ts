import type { FullAnalysis } from '../../src/core/schema/index.ts';
import { analyzeConversation } from '../../src/core/analyze.ts';
import { loadEngine } from '../../src/io/engine.ts';
import { exampleConversations } from '../bench/corpus.ts';
import { scenarioMisses } from './scenarios.ts';
const e = await loadEngine({ noModel: process.argv.includes('--no-model') });
const pairs = exampleConversations().map((c) => ({ conversation: c, analysis: analyzeConversation(c, e) as FullAnalysis }));
const r = scenarioMisses(pairs);
console.log('checked', r.checked, 'missed', r.misses.length);
for (const m of r.misses) { const a = pairs.find(p => p.conversation.id === m.id)!.analysis; console.log(m.id.padEnd(14), m.tag.padEnd(22), JSON.stringify(a.scores), a.routing.decision, a.tier, a.cues.map((c)=>c.kind).join(',')); }
