import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeConversation } from './analyze.ts';
import { Analysis, FullAnalysis, type Conversation } from './schema/index.ts';
import { chat, testEngine } from './testing.ts';
import { MAX_ANALYSED_CHARS } from './analysis/prepare.ts';

const engine = testEngine();

function analyse(conversation: Conversation): FullAnalysis {
  const result = analyzeConversation(conversation, engine);
  assert.ok(!('skipped' in result), 'expected a full analysis');
  return FullAnalysis.parse(result);
}

const kinds = (a: FullAnalysis, turn: number) => a.turns[turn]!.behaviours.map((b) => b.kind).sort();
const emotionLabels = (a: FullAnalysis, turn: number) => a.turns[turn]!.emotions.map((e) => e.label).sort();

const PRESENTATION =
  'This is absolutely unacceptable. I lost access to my account right before a big presentation tomorrow morning!';
const FIX = "I've reset your access, try logging in now.";

test('specific beats scripted: reflecting the presentation scores clearly higher than stock formulas', () => {
  const specific = analyse(
    chat(
      's',
      ['customer', PRESENTATION],
      ['agent', `That sounds incredibly stressful with your presentation tomorrow morning. ${FIX}`],
    ),
  );
  const scripted = analyse(
    chat(
      'g',
      ['customer', PRESENTATION],
      ['agent', `I completely understand your frustration, I apologise for any inconvenience. ${FIX}`],
    ),
  );
  assert.equal(specific.moments[0]!.outcome, 'met-specific');
  // met generically by the formulas, but credited as if they were not there: help without being heard
  assert.equal(scripted.moments[0]!.outcome, 'met-generic');
  assert.match(
    scripted.explanation.empathy[0]!.why,
    /acknowledged only with a stock formula, which earns nothing; helped without acknowledging/,
  );
  // the whole gap between a specific acknowledgement and none (the weights are fitted to people's ratings)
  const w = engine.lexicon.data.weights.moment;
  const gap = 100 * (w['met-specific'] - w['helped-not-heard']);
  assert.ok(
    specific.scores.empathy! - scripted.scores.empathy! >= gap - 1,
    `${specific.scores.empathy!} vs ${scripted.scores.empathy!}, gap ${gap}`,
  );
  assert.ok(gap >= 30, `fitted weights still separate specific from unheard by ${gap}`);
  assert.ok(specific.scores.overall > scripted.scores.overall);
  assert.deepEqual(kinds(scripted, 1), ['action', 'scripted']);
});

test('adding a scripted formula to any reply never raises any score', () => {
  const bases = [
    chat('a', ['customer', PRESENTATION], ['agent', FIX], ['customer', 'Thanks, that worked.']),
    chat(
      'b',
      ['customer', 'My mum passed away and I need to close her account.'],
      ['agent', "I'm so sorry for your loss. I've closed the account and waived the final bill."],
    ),
    chat('c', ['customer', 'What are your opening hours?'], ['agent', "We're open 9 to 5."]),
    chat('d', ['customer', "I'm in a hurry, how do I reset my PIN?"], ['agent', 'Go to Settings, then Security.']),
    chat('e', ['customer', "I've called three times, I'm fed up."], ['agent', 'That must be really frustrating.']),
  ];
  const formulas = [
    'I completely understand your frustration.',
    'I apologise for any inconvenience caused.',
    'We value your business.',
    'Thank you for your patience.',
  ];
  for (const base of bases) {
    const before = analyse(base).scores;
    for (const formula of formulas) {
      const padded = {
        ...base,
        turns: base.turns.map((t) => (t.role === 'agent' ? { ...t, text: `${formula} ${t.text}` } : t)),
      };
      const after = analyse(padded).scores;
      for (const key of ['empathy', 'compassion', 'overall', 'sentimentShift'] as const) {
        assert.ok(
          after[key]! <= before[key]!,
          `${base.id} + "${formula}": ${key} rose from ${before[key]} to ${after[key]}`,
        );
      }
    }
  }
});

test('the same formula repeated across turns is repetition, with both places as evidence', () => {
  const a = analyse(
    chat(
      'r',
      ['customer', 'My parcel is late again.'],
      ['agent', 'I understand your frustration. Let me check.'],
      ['customer', 'It was due Monday!'],
      ['agent', 'I understand your frustration. It is on its way.'],
    ),
  );
  const repetition = a.turns[3]!.behaviours.find((b) => b.kind === 'repetition');
  assert.deepEqual(
    repetition?.evidence.map((e) => [e.turn, e.text]),
    [
      [1, 'I understand your frustration'],
      [3, 'I understand your frustration'],
    ],
  );
  assert.equal(
    a.turns[1]!.behaviours.some((b) => b.kind === 'repetition'),
    false,
  );
});

test('specificity is measured against what the customer said, and the evidence says which words', () => {
  const a = analyse(
    chat(
      'm',
      ['customer', PRESENTATION],
      ['agent', `Losing access right before your presentation sounds awful. ${FIX}`],
    ),
  );
  const reflection = a.turns[1]!.behaviours.find((b) => b.kind === 'reflection');
  assert.deepEqual(
    reflection?.evidence.map((e) => e.text),
    ['access', 'presentation'],
  );
  assert.match(reflection!.evidence[1]!.why, /customer's "presentation" \(turn 0\)/);
  const generic = analyse(chat('n', ['customer', PRESENTATION], ['agent', `Oh no, that sounds awful. ${FIX}`]));
  assert.equal(generic.moments[0]!.outcome, 'met-generic');
});

test('a hurrying customer is served by a short direct answer; a long preamble costs', () => {
  const ask = "I'm in a hurry, just tell me how to reset my PIN.";
  const brief = analyse(chat('b', ['customer', ask], ['agent', 'Go to Settings, then Security, then Reset PIN.']));
  const long = analyse(
    chat(
      'l',
      ['customer', ask],
      [
        'agent',
        'Thank you so much for reaching out to us today, I really appreciate you taking the time to contact us about your card and PIN today. Go to Settings, then Security, then Reset PIN.',
      ],
    ),
  );
  assert.equal(brief.moments[0]!.outcome, 'met-specific');
  const w = engine.lexicon.data.weights;
  assert.equal(brief.scores.empathy, Math.round(100 * (w.moment['met-specific'] + w.momentGrade.helped)));
  assert.ok(long.scores.empathy! < brief.scores.empathy! - 40);
  assert.ok(long.explanation.empathy.some((f) => f.factor === 'hurry-preamble' && f.contribution < 0));
});

test('empathy words without ownership or action are heard-not-helped; ownership plus the fix is not', () => {
  const complaint = "I've been chasing this refund for three weeks, it's the third time I've called and I'm fed up.";
  const heard = analyse(
    chat('h', ['customer', complaint], ['agent', "I'm so sorry to hear that, that sounds really frustrating."]),
  );
  const owned = analyse(
    chat(
      'o',
      ['customer', complaint],
      [
        'agent',
        "You shouldn't have had to chase this, that's on us. I've issued the refund and you'll see it by Thursday.",
      ],
    ),
  );
  assert.equal(heard.scores.heardNotHelped, true);
  assert.equal(owned.scores.heardNotHelped, false);
  assert.deepEqual(kinds(owned, 1), ['action', 'expectation', 'ownership', 'reflection', 'validation']);
  assert.ok(owned.scores.compassion >= heard.scores.compassion + 50);
});

test('the thing behind the thing is found with evidence, raises the tier and asks for a human', () => {
  const a = analyse(
    chat('t', [
      'customer',
      "My mum passed away last month and I need to close her account. I live on my own now and I can't afford the final bill, I'm in hospital next week and it's the third time I've called. I need it sorted by Friday.",
    ]),
  );
  assert.deepEqual(a.cues.map((c) => [c.kind, c.evidence[0]!.text]).sort(), [
    ['bereavement', 'passed away'],
    ['deadline', 'by Friday'],
    ['financial-hardship', "can't afford"],
    ['health', 'in hospital'],
    ['isolation', 'live on my own'],
    ['repeat-contact', "third time I've"],
  ]);
  assert.equal(a.tier, 1);
  assert.equal(a.tierReason.topic, 'bereavement');
  assert.equal(a.routing.decision, 'human-required');
  assert.deepEqual(a.vulnerability.map((v) => [v.category, v.cue]).sort(), [
    ['health', 'health'],
    ['life-event', 'bereavement'],
    ['life-event', 'isolation'],
    ['resilience', 'financial-hardship'],
  ]);
  assert.ok(a.routing.reasons.some((r) => r.startsWith('vulnerable customer')));
});

test('negation: "not angry, just disappointed" is disappointment, not anger', () => {
  const a = analyse(chat('n', ['customer', "I'm not angry, just disappointed."]));
  assert.deepEqual(emotionLabels(a, 0), ['disappointment']);
  assert.equal(a.turns[0]!.emotions[0]!.evidence[0]!.text, 'disappointed');
});

test('sarcasm: "Great, another week without internet. Fantastic." is frustration, not satisfaction', () => {
  const a = analyse(chat('s', ['customer', 'Great, another week without internet. Fantastic.']));
  assert.deepEqual(emotionLabels(a, 0), ['frustration']);
  assert.ok(a.turns[0]!.sentiment < 0);
  assert.equal(a.routing.dimensions.explainability.level, 'high');
});

test('acknowledgement before the fix is rewarded on emotional turns', () => {
  const upset = "My internet has been down for a week and I work from home, I'm really stressed.";
  const ack = 'That sounds really stressful with working from home.';
  const fix = "I've booked an engineer for tomorrow morning.";
  const first = analyse(chat('a', ['customer', upset], ['agent', `${ack} ${fix}`]));
  const late = analyse(chat('b', ['customer', upset], ['agent', `${fix} ${ack}`]));
  assert.deepEqual([first.moments[0]!.ackBeforeFix, late.moments[0]!.ackBeforeFix], [true, false]);
  assert.ok(first.scores.empathy! > late.scores.empathy!);
});

test('an opted-out conversation yields only its id and the skip marker', () => {
  const conversation = {
    ...chat('x', ['customer', 'my card number is 4111 1111 1111 1111']),
    consent: { analysis: false },
  };
  assert.deepEqual(analyzeConversation(conversation, engine), { id: 'x', skipped: 'opted-out' });
});

test('every piece of evidence quotes its turn exactly, and the output matches the schema', () => {
  const conversation = chat(
    'e',
    ['customer', PRESENTATION],
    ['agent', `I’m so sorry — that sounds stressful before your presentation. ${FIX}`],
    ['customer', 'Great, another week without internet. Fantastic.'],
  );
  const result = analyzeConversation(conversation, engine);
  Analysis.parse(result);
  const seen: unknown[] = [];
  JSON.stringify(result, (key, value) => {
    if (value && typeof value === 'object' && 'detector' in value) seen.push(value);
    return value;
  });
  assert.ok(seen.length > 10);
  for (const e of seen as { turn: number; start: number; end: number; text: string }[]) {
    assert.equal(conversation.turns[e.turn]!.text.slice(e.start, e.end), e.text);
  }
});

test(
  'a 1 MB adversarial turn is read up to the limit, linearly, and the analysis says where reading stopped',
  { timeout: 10_000 },
  () => {
    const hostile =
      'I am so angry!!! ' +
      '!?'.repeat(100_000) +
      ' not '.repeat(50_000) +
      'a'.repeat(300_000) +
      ' (((('.repeat(20_000) +
      'why? '.repeat(50_000);
    const reply = 'sorry '.repeat(10_000);
    const a = analyse(chat('big', ['customer', hostile], ['agent', reply], ['customer', 'ok']));
    assert.deepEqual(emotionLabels(a, 0), ['anger']);
    assert.deepEqual(
      a.turns.map((t) => t.analysedChars),
      [MAX_ANALYSED_CHARS, reply.lastIndexOf(' ', MAX_ANALYSED_CHARS), undefined],
    );
    for (const e of a.turns.flatMap((t) => t.emotions.flatMap((x) => x.evidence)))
      assert.ok(e.end <= MAX_ANALYSED_CHARS);
  },
);

test('a reflecting phrase and the echo it frames are one specific reflection, with both as evidence', () => {
  const reply = 'It sounds like you were charged twice for broadband, right before rent is due.';
  const a = analyse(
    chat(
      'r',
      ['customer', "I've been charged twice for my broadband this month and I'm really worried about rent."],
      ['agent', reply],
    ),
  );
  const at = (word: string, detector: string, why: string) => ({
    turn: 1,
    start: reply.indexOf(word),
    end: reply.indexOf(word) + word.length,
    text: word,
    detector,
    why,
  });
  const echo = (word: string) =>
    at(
      word,
      'specificity',
      `echoes the customer's "${word}" (turn 0), part of what they were feeling or facing, in an acknowledging sentence`,
    );
  assert.deepEqual(a.turns[1]!.behaviours, [
    {
      kind: 'reflection',
      evidence: [
        at('It sounds like you', 'lexicon:behaviour', '"It sounds like you" is reflection'),
        echo('charged'),
        echo('twice'),
        echo('broadband'),
        echo('rent'),
      ],
      specific: true,
    },
  ]);
});

test('with no customer turn that calls for empathy, empathy is null with its reason and overall combines what applies', () => {
  const a = analyse(
    chat('q', ['customer', 'What time do you open on Saturday?'], ['agent', "We're open 9 to 5 on Saturdays."]),
  );
  assert.equal(a.scores.empathy, null);
  assert.deepEqual(a.explanation.empathy, [
    {
      factor: 'no-moment',
      contribution: 0,
      why: 'no customer turn called for empathy: there is no response to score',
      evidence: [],
    },
  ]);
  assert.equal(a.scores.overall, a.scores.compassion);
  assert.deepEqual(
    a.explanation.overall.map((f) => [f.factor, f.contribution === 0]),
    [
      ['empathy', true],
      ['compassion', false],
      ['customerEnd', true],
    ],
  );
});

test('length neutral: a brief real apology with the fix scores at least as high as the fix after a paragraph of corporate warmth', () => {
  const ask = "My card was charged twice for the same order and I'm worried about my rent.";
  const fix = "I've refunded the second charge; you'll see it within 3 days.";
  const brief = analyse(chat('b', ['customer', ask], ['agent', `Sorry about the double charge. ${fix}`]));
  const padded = analyse(
    chat(
      'p',
      ['customer', ask],
      [
        'agent',
        `Thank you for reaching out to us today. We truly value you as a customer and your satisfaction is our highest priority. We appreciate your patience and understanding. ${fix} Have a great day!`,
      ],
    ),
  );
  assert.ok(brief.scores.empathy! >= padded.scores.empathy!, `${brief.scores.empathy} vs ${padded.scores.empathy}`);
  assert.ok(brief.scores.overall >= padded.scores.overall, `${brief.scores.overall} vs ${padded.scores.overall}`);
});

test('help is seen: a link, "DM us your…", "I\'ve escalated…"; "please contact the seller" alone is not help', () => {
  const helped = (reply: string) =>
    analyse(chat('h', ['customer', "My order never arrived and I'm fed up."], ['agent', reply])).moments[0]!.outcome;
  assert.equal(helped('Here are the steps: https://help.example.com/missing-order'), 'helped-not-heard');
  assert.equal(helped('DM us your order number and we will look into it.'), 'helped-not-heard');
  assert.equal(helped("I've escalated it to our delivery team."), 'helped-not-heard');
  assert.equal(helped('Please contact the seller.'), 'missed');
  // asking for the details needed to act, steps to take, and a fix reported done are help too
  assert.equal(helped('Which version of the app are you using? Does it happen on every order?'), 'helped-not-heard');
  assert.equal(helped('You can open Orders, select the parcel and request a replacement.'), 'helped-not-heard');
  assert.equal(helped('We have repaired the tracking fault.'), 'helped-not-heard');
});

test('help is one term: a bare apology that would fit anyone adds nothing to help; an owned apology with help does', () => {
  const empathy = (reply: string) =>
    analyse(chat('h', ['customer', "My order never arrived and I'm fed up."], ['agent', reply])).scores.empathy!;
  const apology = empathy('We are really sorry.');
  const fix = empathy("I've refunded the order.");
  assert.ok(apology < fix, `bare apology ${apology} vs help alone ${fix}`);
  assert.equal(empathy("We are really sorry. I've refunded the order."), fix);
  assert.ok(empathy("We are really sorry, that's on us. I've refunded the order.") > fix);
});

test('help that only starts (asking for details, pointing elsewhere, promising a look) earns less than a fix', () => {
  const reply = (text: string) =>
    analyse(chat('d', ['customer', "My order never arrived and I'm fed up."], ['agent', text]));
  const deferred = reply('Please send us your order number via private message and we will look into it.');
  const fixed = reply("I've refunded the order.");
  assert.deepEqual([deferred.moments[0]!.outcome, fixed.moments[0]!.outcome], ['helped-not-heard', 'helped-not-heard']);
  assert.ok(deferred.scores.empathy! < fixed.scores.empathy!, `${deferred.scores.empathy} vs ${fixed.scores.empathy}`);
  assert.ok(deferred.scores.compassion < fixed.scores.compassion);
  const action = deferred.turns[1]!.behaviours.find((b) => b.kind === 'action')!;
  assert.deepEqual(
    action.evidence.map((e) => [e.text, e.detector]),
    [
      ['send us your order number', 'lexicon:deferral'],
      ['via private message', 'lexicon:deferral'],
      ['we will look into', 'lexicon:deferral'],
    ],
  );
  // a pointer elsewhere inside advice is a deferral; advice with a step is help
  const advice = (text: string) =>
    reply(text)
      .turns[1]!.behaviours.find((b) => b.kind === 'action')
      ?.evidence.map((e) => e.detector) ?? [];
  assert.deepEqual(advice('I suggest you contact your bank.'), ['lexicon:deferral']);
  assert.deepEqual(advice('I suggest you restart the router.'), ['lexicon:behaviour', 'lexicon:behaviour']);
  assert.deepEqual(advice('I suggest you wait patiently.'), []);
});

test('praise asks nothing of the agent: "helped" does not apply, and the customer\'s own last turn stands for the outcome', () => {
  const a = analyse(
    chat(
      'p',
      ['customer', 'The engineer who came today was brilliant, thank you so much!'],
      ['agent', 'Thank you, we will pass that on.'],
    ),
  );
  assert.equal(a.scores.empathy, null);
  assert.deepEqual(
    a.explanation.overall.map((f) => f.factor),
    ['empathy', 'compassion', 'customerEnd', 'customer'],
  );
  assert.match(a.explanation.overall[1]!.why, /asked nothing/);
  assert.ok(a.scores.overall > 60, `overall ${a.scores.overall}`);
  // a plain question is something to be helped with
  const q = analyse(
    chat('q', ['customer', 'when is my next bill due'], ['agent', 'Your next bill is due on 15 October.']),
  );
  assert.match(q.explanation.overall[1]!.why, /^compassion \d+ x weight/);
});

test('formula variants from other registers: "sorry for your unpleasant experience", "for bringing you the inconvenience" are stock formulas', () => {
  const kindsOf = (reply: string) =>
    kinds(
      analyse(chat('f', ['customer', 'The app keeps crashing, I have lost two days of work.'], ['agent', reply])),
      1,
    );
  for (const formula of [
    'We are sorry for your unpleasant experience.',
    'Sorry for bringing you the inconvenience.',
    'We apologize for the delays.',
  ]) {
    assert.deepEqual(kindsOf(formula), ['scripted'], formula);
  }
});

test('formula variants are stock formulas; "we get where you\'re coming from" with the customer\'s situation is acknowledgement', () => {
  const kindsOf = (reply: string) =>
    kinds(
      analyse(chat('f', ['customer', 'The app keeps crashing, I have lost two days of work.'], ['agent', reply])),
      1,
    );
  for (const formula of [
    'Sorry for the inconvenience.',
    'Sorry for any trouble.',
    'We apologize for your inconvenience.',
    'Apologies for the trouble this caused.',
    'We understand your frustration.',
  ]) {
    assert.deepEqual(kindsOf(formula), ['scripted'], formula);
  }
  assert.deepEqual(kindsOf("We get where you're coming from: losing two days of work to crashes is a lot."), [
    'acknowledgement',
    'reflection',
  ]);
});

test("a vulnerability needs the customer's own frame, and routes to a person only with distress or another cue beside it", () => {
  const cues = (text: string) => analyse(chat('v', ['customer', text])).cues.map((c) => c.kind);
  assert.deepEqual(cues('Is there wifi at terminal 2?'), []);
  assert.deepEqual(cues('The operation failed and my account is disabled.'), []);
  assert.deepEqual(cues("I've been laid off and no longer can afford the plan."), ['financial-hardship']);
  assert.deepEqual(cues('My mum is in hospital and she cannot use her phone.'), ['health']);
  const calm = analyse(
    chat(
      'c',
      ['customer', "I've been laid off, can I pause my plan?"],
      ['agent', 'Yes, here is how: https://example.com/pause'],
    ),
  );
  assert.equal(calm.routing.decision, 'ai-safe');
  const distressed = analyse(
    chat(
      'd',
      ['customer', "I've been laid off and I'm really worried, can I pause my plan?"],
      ['agent', 'Yes, here is how: https://example.com/pause'],
    ),
  );
  assert.equal(distressed.routing.decision, 'human-required');
});

test('gratitude only when earned: a "thanks" closing an unanswered request, or beside a problem still there, is politeness', () => {
  const labels = (...turns: ['customer' | 'agent', string][]) =>
    emotionLabels(analyse(chat('g', ...turns)), turns.length - 1);
  assert.deepEqual(labels(['customer', 'Can you add dark mode to the app? Thanks!']), []);
  assert.deepEqual(
    labels(['customer', 'My login fails.'], ['agent', "I've reset it, try now."], ['customer', 'Thanks, that worked!']),
    ['gratitude'],
  );
  assert.deepEqual(
    labels(
      ['customer', 'My login fails.'],
      ['agent', "I've reset it, try now."],
      ['customer', "Thanks, but it still doesn't work and I'm fed up."],
    ),
    ['frustration'],
  );
});

test('emotion intensities are the calibrated probabilities of the raw strengths, and the moments they raise are unchanged', () => {
  const identity = testEngine({ emotionCalibration: { scale: 1, shift: 0, data: 'test', method: 'test' } });
  const conversation = chat(
    'cal',
    ['customer', PRESENTATION],
    ['agent', FIX],
    ['customer', "still can't get in, this is so frustrating"],
  );
  const raw = analyzeConversation(conversation, identity) as FullAnalysis;
  const calibrated = analyse(conversation);
  const round2 = (x: number) => Math.round(x * 100) / 100;
  for (const turn of [0, 2]) {
    assert.deepEqual(
      calibrated.turns[turn]!.emotions.map((e) => [e.label, e.intensity]),
      raw.turns[turn]!.emotions.map((e) => [e.label, round2(engine.lexicon.emotionConfidence(e.intensity))]),
    );
  }
  assert.ok(calibrated.turns[0]!.emotions.length > 0);
  assert.deepEqual(calibrated.moments, raw.moments);
});

test('praise that is hypothetical is a request, and relief as a noun ("mortgage relief") is no emotion', () => {
  const first = (text: string) => emotionLabels(analyse(chat('h', ['customer', text])), 0);
  assert.deepEqual(first('It would be great if you could add a dark mode.'), []);
  assert.deepEqual(first('A refund would be perfect.'), []);
  assert.deepEqual(first('Works now, this is great!'), ['satisfaction']);
  assert.deepEqual(first('What kind of mortgage relief are you offering?'), []);
  assert.deepEqual(first('What a relief, it is back.'), ['relief']);
});

test('frustration in the forms customers write it: an error that keeps coming, a crash counted, a fix that did not work', () => {
  const first = (text: string) => emotionLabels(analyse(chat('f', ['customer', text])), 0);
  assert.ok(first('I keep getting the same error message when I open it.').includes('frustration'));
  assert.ok(first('Premiere has crashed eight times tonight.').includes('frustration'));
  assert.ok(first("I updated my drivers as you said, which didn't work.").includes('frustration'));
  assert.deepEqual(first('How do I change the email on my account?'), []);
});

test("the customer's earned thanks after the help is their answer to it, though the words' valence reads neutral", () => {
  const a = analyse(
    chat(
      't',
      ['customer', 'How do I change the address on my bill?'],
      ['agent', 'You can change it under Account, then Address.'],
      ['customer', 'no, only the bill. thank you very much!'],
    ),
  );
  const end = a.explanation.overall.find((f) => f.factor === 'customerEnd')!;
  assert.match(end.why, /showed gratitude/);
  assert.ok(a.turns[2]!.sentiment < 0.5 && end.contribution > 0);
  // thanks beside an upset turn is not that answer
  const b = analyse(
    chat(
      'u',
      ['customer', 'How do I change the address on my bill?'],
      ['agent', 'You can change it under Account, then Address.'],
      ['customer', 'thanks for nothing, this is useless and I am furious'],
    ),
  );
  assert.doesNotMatch(b.explanation.overall.find((f) => f.factor === 'customerEnd')!.why, /gratitude/);
});
