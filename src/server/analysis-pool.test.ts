import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeConversation } from '../core/analyze.ts';
import { redactConversation } from '../core/privacy/redact.ts';
import { Conversation } from '../core/schema/index.ts';
import { loadEngine } from '../io/engine.ts';
import { startAnalysisPool } from './analysis-pool.ts';
import { processOne, type IngestJob } from './process.ts';
import type { PipelineSteps } from '../core/pipeline.ts';
import { toneBursts } from '../core/prosody/testing.ts';
import { conversation } from './testing.ts';

const stepsOf = (engine: Awaited<ReturnType<typeof loadEngine>>): PipelineSteps => ({
  analyze: (c, options) => analyzeConversation(c, engine, options),
  redact: redactConversation,
});

test('the pool runs the pipeline exactly as the inline path does, journeys included', async () => {
  const pool = await startAnalysisPool(1);
  try {
    const engine = await loadEngine();
    const first = Conversation.parse(
      conversation('p-0', {
        turns: [
          { role: 'customer', text: 'My bill doubled and the refund never came!' },
          { role: 'agent', text: 'I will look.' },
        ],
      }),
    );
    const earlier = processOne({ conversation: first, earlier: [] }, stepsOf(engine));
    assert.ok(earlier.ok && earlier.contact);
    const input: IngestJob[] = [
      {
        conversation: Conversation.parse(
          conversation('p-1', {
            customer: { id: 'cust-p-0' },
            turns: [
              { role: 'customer', text: 'Call me on 07700 900123, my bill doubled again, still no refund!' },
              { role: 'agent', text: 'I will fix it today.' },
            ],
          }),
        ),
        earlier: [earlier.contact],
      },
      { conversation: Conversation.parse(conversation('p-2', { consent: { analysis: false } })), earlier: [] },
    ];
    const expected = input.map((job) => processOne(job, stepsOf(engine)));
    assert.deepEqual(await pool.process(input), expected);
    const [repeat] = expected;
    assert.ok(repeat?.ok && repeat.analysisJson.includes('"detector":"journey"'));
  } finally {
    await pool.close();
  }
});

test('one analysis runs off the HTTP thread as the inline one does; past its budget it stops, and the pool carries on', async () => {
  const pool = await startAnalysisPool(1);
  try {
    const engine = await loadEngine();
    const small = Conversation.parse(
      conversation('e-1', {
        turns: [
          { role: 'customer', text: 'My bill doubled and nobody answers!' },
          { role: 'agent', text: 'That is not right, I will fix it today.' },
        ],
      }),
    );
    assert.deepEqual(await pool.analyze(small, 5_000), analyzeConversation(small, engine));
    const turns = Array.from({ length: 4_000 }, (_, i) => ({
      role: i % 2 ? 'agent' : 'customer',
      text: 'It is still broken after the third call, I am fed up and worried about my rent!',
    }));
    const huge = Conversation.parse(conversation('e-2', { turns: turns as never }));
    await assert.rejects(pool.analyze(huge, 1), {
      name: 'AnalysisTimeout',
      message: 'the analysis took longer than its 1 ms budget',
    });
    // the stopped thread is replaced; work sent meanwhile waits for the new one
    assert.deepEqual(await pool.analyze(small, 5_000), analyzeConversation(small, engine));
    assert.deepEqual(await pool.process([{ conversation: small, earlier: [] }]), [
      processOne({ conversation: small, earlier: [] }, stepsOf(engine)),
    ]);
  } finally {
    await pool.close();
  }
});

test("a call's recording goes to the analysis thread with its job, and its prosody feeds the analysis as inline", async () => {
  const pool = await startAnalysisPool(1);
  try {
    const engine = await loadEngine();
    const rate = 8000;
    const call = Conversation.parse(
      conversation('v-1', {
        channel: 'voice',
        turns: [
          { role: 'customer', text: 'My heating has been off since Monday.', start: 0.2, end: 2.5 },
          { role: 'agent', text: 'I have booked an engineer for eight tomorrow.', start: 2.0, end: 4.0 },
        ],
      }),
    );
    const job: IngestJob = {
      conversation: call,
      earlier: [],
      audio: {
        sampleRate: rate,
        channels: [
          { role: 'agent', samples: toneBursts(rate, 4.5, 120, [[2, 4]]) },
          { role: 'customer', samples: toneBursts(rate, 4.5, 210, [[0.2, 2.5]]) },
        ],
      },
    };
    const expected = processOne(job, stepsOf(engine));
    assert.ok(expected.ok && JSON.parse(expected.analysisJson).voice.source === 'audio');
    assert.deepEqual(await pool.process([job]), [expected]);
  } finally {
    await pool.close();
  }
});

const niceOf = (tid: string | number) =>
  Number(readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').split(') ')[1]!.split(' ')[16]);
/** The nice value of each thread of this process. */
const niceValues = () => readdirSync('/proc/self/task').map(niceOf);

test(
  "background threads run below the HTTP thread's priority, a prompt one (/v1/evaluate's) at it",
  { skip: process.platform !== 'linux' },
  async () => {
    const main = niceOf(process.pid);
    const lowered = () => niceValues().filter((n) => n === Math.min(19, main + 10)).length;
    const before = lowered();
    const background = await startAnalysisPool(2);
    const prompt = await startAnalysisPool(1, {}, undefined, false, 'prompt');
    try {
      assert.deepEqual({ lowered: lowered() - before, main: niceOf(process.pid) }, { lowered: 2, main });
    } finally {
      await background.close();
      await prompt.close();
    }
  },
);
