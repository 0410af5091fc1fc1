import { test } from 'node:test';
import assert from 'node:assert/strict';
import { prepareTurn } from '../analysis/prepare.ts';
import { chat, testEngine } from '../testing.ts';
import { detectCues } from './cues.ts';

const { lexicon } = testEngine();
const cuesOf = (text: string) => detectCues(prepareTurn(chat('c', ['customer', text]).turns[0]!, 0, lexicon), lexicon);

const cue = (text: string, quote: string, kind: string) => {
  const start = text.indexOf(quote);
  return {
    turn: 0,
    start,
    end: start + quote.length,
    text: quote,
    detector: 'lexicon:cue',
    why: `"${quote}" signals ${kind}`,
  };
};

test('"#num times" is repeat contact only after a contact verb', () => {
  assert.deepEqual(cuesOf("please. i've tried resetting it 3 times"), []);
  const text = 'I have called three times and nobody knows anything.';
  assert.deepEqual(cuesOf(text), [
    { kind: 'repeat-contact', evidence: [cue(text, 'called three times', 'repeat-contact')] },
  ]);
});

test('a contact counted by ordinal or number is repeat contact', () => {
  const text = 'This is my 4th ticket. 3 calls already.';
  assert.deepEqual(cuesOf(text), [
    {
      kind: 'repeat-contact',
      evidence: [cue(text, '4th ticket', 'repeat-contact'), cue(text, '3 calls', 'repeat-contact')],
    },
  ]);
});

test('money set aside for essentials is financial hardship', () => {
  const text = 'that was my food money this week';
  assert.deepEqual(cuesOf(text), [
    {
      kind: 'financial-hardship',
      evidence: [
        {
          ...cue(text, 'food money', 'financial-hardship'),
          why: '"food money" signals financial-hardship, said of the customer\'s own situation',
        },
      ],
    },
  ]);
});

test('praise for speed is not hurry, and an amount is not a deadline', () => {
  assert.deepEqual(cuesOf('Thank you for sorting it so quickly.'), []);
  assert.deepEqual(cuesOf("my bill's going up by eight pounds"), []);
});

test('a time of day after "at" is a deadline', () => {
  const text = 'i have a meeting at 9am';
  assert.deepEqual(cuesOf(text), [{ kind: 'deadline', evidence: [cue(text, 'at 9am', 'deadline')] }]);
});

test('a failure that repeats is not a contact that repeats; waiting on a reply and chasing an update are', () => {
  const kinds = (text: string) =>
    cuesOf(text)
      .map((c) => c.kind)
      .sort();
  assert.deepEqual(kinds('The app crashed multiple times today and my account is on hold.'), []);
  assert.deepEqual(kinds('This is the second time the order went missing.'), []);
  assert.deepEqual(kinds('I have emailed you multiple times.'), ['repeat-contact']);
  assert.deepEqual(kinds("I've been on hold for an hour."), ['repeat-contact']);
  assert.deepEqual(kinds('Still waiting for a reply. Any update on my refund?'), ['repeat-contact']);
  assert.deepEqual(kinds('I tried all the steps you sent and no one can help me.'), ['repeat-contact']);
});

test('elapsed time, boycotts and formal complaints are read in their common forms', () => {
  const kinds = (text: string) =>
    cuesOf(text)
      .map((c) => c.kind)
      .sort();
  assert.deepEqual(kinds('I bought it a few days ago and never got the code.'), ['duration']);
  assert.deepEqual(kinds('I have had this account for a while.'), []);
  assert.deepEqual(kinds('We will boycott you until this is fixed.'), ['churn-threat']);
  assert.deepEqual(kinds("I'm going to file a complaint with my attorney."), ['complaint-threat']);
  assert.deepEqual(kinds('This morning the site was down.'), []);
});

test('pointing back to an earlier contact is repeat contact: "check your DMs", "as I said", "I was told", "I spoke to your agent"', () => {
  const kinds = (text: string) =>
    cuesOf(text)
      .map((c) => c.kind)
      .sort();
  for (const text of [
    'Please check your DMs.',
    'As I said, the card is blocked.',
    'I was told it would be refunded.',
    'I spoke to your agent on Monday.',
    "I haven't heard back.",
  ]) {
    assert.deepEqual(kinds(text), ['repeat-contact'], text);
  }
  assert.deepEqual(kinds('I said goodbye to my old phone.'), []);
});

test('repeat contact in the forms customers write it, each in their own words; a "get through" that is not contact is not', () => {
  const kindsOf = (text: string) => cuesOf(text).map((c) => c.kind);
  assert.ok(kindsOf("I've already contacted your support about this.").includes('repeat-contact'));
  assert.ok(kindsOf("I can't get through to anyone on your helpline.").includes('repeat-contact'));
  assert.ok(kindsOf("I've left several messages and nobody calls back.").includes('repeat-contact'));
  assert.ok(!kindsOf("I couldn't get through more than one episode without buffering.").includes('repeat-contact'));
});

const kindsOf = (text: string) =>
  cuesOf(text)
    .map((c) => c.kind)
    .sort();

test('a vulnerability said of the customer, or of someone in their care, is found', () => {
  for (const [text, kind] of [
    ["I'm laid off and the bill is due.", 'financial-hardship'],
    ['I no longer can afford the subscription.', 'financial-hardship'],
    ['My immune system is super weak so I cannot go to the store.', 'health'],
    ['I am going through chemo and cannot queue at the branch.', 'health'],
    ["I'm high risk so I can't collect it in person.", 'health'],
    ['My mum is in hospital and she cannot log in.', 'health'],
    ['My husband passed away and the account is in his name.', 'bereavement'],
    ["I'm deaf so I cannot phone you.", 'capability'],
    ["I don't know how to use a computer very well.", 'capability'],
  ] as const)
    assert.deepEqual(kindsOf(text), [kind], text);
});

test('the same words about a device, a feature, a product or someone else are not a vulnerability', () => {
  for (const text of [
    "I'm at terminal 2 and the gate changed.",
    'The operation failed when I tried to pay.',
    'My SMS notifications are disabled.',
    'I did it all by myself and it still fails.',
    'What are the benefits of the premium plan?',
    "I'm switching to dark mode and the app crashes.",
    'My phone died and I lost my 2FA codes.',
    'I get the blue screen of death on my laptop.',
    'Death Stranding will not launch on my PC.',
    "I can't afford to wait another week for this.",
    'The update is high risk for my data.',
    'I work at a hospital and need the key worker discount.',
    "I don't know how to use it to restore my account.",
    'The hospital app will not load.',
    'There is a blind spot in my camera view.',
  ])
    assert.deepEqual(kindsOf(text), [], text);
});

test('a denied condition is no vulnerability', () => {
  assert.deepEqual(kindsOf("I'm not sick, just annoyed."), []);
  assert.deepEqual(kindsOf("I'm not disabled, I just want a refund."), []);
});

test('words the customer quotes (a notice, an error message) are not the customer asking for speed', () => {
  assert.deepEqual(kindsOf('The email says "URGENT: verify your account" and I did not send it.'), []);
  assert.deepEqual(kindsOf('The banner says \u201cact now, offer ends tonight\u201d but it will not load.'), []);
  assert.deepEqual(kindsOf('Please fix this asap, the "urgent" flag does nothing.'), ['hurry']);
  // an unpaired mark quotes nothing
  assert.deepEqual(kindsOf('I need this fixed asap" thanks'), ['hurry']);
});

test('customers chase in many words: a past message, a ticket, advice that failed, being told or bounced', () => {
  for (const text of [
    "I've DM'd you and nobody answers.",
    'I emailed last week about this.',
    'My ticket has been open since Monday.',
    'I asked you guys yesterday.',
    'They told me it would be sorted.',
    'Your agent hung up on me.',
    'None of your suggestions worked.',
    'As you suggested I reinstalled it and it still fails.',
    'Support said to contact you about the charge.',
    'I was bounced back and forth between departments.',
    "I'm asking for the third time: where is my order?",
    'Still waiting on my refund.',
  ])
    assert.ok(kindsOf(text).includes('repeat-contact'), text);
  for (const text of [
    'In my case the app just crashes.',
    'I called my mechanic in the game and the bike vanished.',
    'How do I change my email address?',
  ])
    assert.ok(!kindsOf(text).includes('repeat-contact'), text);
});

test('a wish for speed, a person, or to leave is read in its common forms; thanks for speed, a phone number and an order are not', () => {
  assert.deepEqual(kindsOf('Please respond quickly, this is an emergency.'), ['hurry']);
  assert.deepEqual(kindsOf("I can't wait any longer for the part."), ['hurry']);
  assert.deepEqual(kindsOf("I'd appreciate a quick response."), ['hurry']);
  assert.deepEqual(kindsOf('Thanks for the quick reply!'), []);
  assert.deepEqual(kindsOf('Is there a phone number I can call?'), ['wants-human']);
  assert.deepEqual(kindsOf('I want to speak to a manager.'), ['wants-human']);
  assert.deepEqual(kindsOf('Please escalate this.'), ['wants-human']);
  assert.deepEqual(kindsOf("My phone number changed and I can't log in."), []);
  assert.deepEqual(kindsOf("What's the number of items I can add to a list?"), []);
  assert.deepEqual(kindsOf("I'm done with you guys."), ['churn-threat']);
  assert.deepEqual(kindsOf('This is the last time I fly with you.'), ['churn-threat']);
  assert.deepEqual(kindsOf('We are switching to another provider.'), ['churn-threat']);
  assert.deepEqual(kindsOf('I need to cancel my order.'), []);
});

test('time already spent on the problem is duration; a wait still to come is not', () => {
  assert.deepEqual(kindsOf("I've been waiting 3 weeks for a replacement."), ['duration']);
  assert.deepEqual(kindsOf("It's been forever and the app still fails."), ['duration']);
  assert.deepEqual(kindsOf("I ordered it last week and it hasn't come."), ['duration']);
  assert.deepEqual(kindsOf('Do I have to wait a month for a name change?'), []);
  assert.deepEqual(kindsOf('I have to submit the form by Friday.'), ['deadline']);
});

test('a chase, a call-back request and a switch named in a few more of their forms; a switch of a device is not churn', () => {
  assert.deepEqual(kindsOf('Hi again, any update on my refund?'), ['repeat-contact']);
  assert.deepEqual(kindsOf("You guys still haven't replied to my DM."), ['repeat-contact']);
  assert.deepEqual(kindsOf('Could you please contact me about this?'), ['wants-human']);
  assert.deepEqual(kindsOf("I'm switching to @verizon next month."), ['churn-threat']);
  assert.deepEqual(kindsOf("I'm going to switch the router off and on."), []);
  assert.deepEqual(kindsOf('I was informed by a coworker that flights are banned.'), []);
});

test('asking again, giving the same details again, "for the umpteenth time" are repeat contact; a third purchase is not', () => {
  const quotes = (text: string) =>
    cuesOf(text)
      .filter((c) => c.kind === 'repeat-contact')
      .flatMap((c) => c.evidence.map((e) => e.text));
  assert.deepEqual(quotes("I'm contacting you again because nothing has changed."), ['contacting you again']);
  assert.deepEqual(quotes('I already gave you my account number yesterday.'), ['already gave you']);
  assert.deepEqual(quotes('For the umpteenth time, my parcel is missing.'), ['For the umpteenth time']);
  assert.deepEqual(quotes('How many times do I have to explain this?'), ['How many times do I']);
  assert.deepEqual(quotes('Again I am asking for my refund.'), ['Again I am asking']);
  assert.deepEqual(quotes("This is the third time I've ordered from you and I love it."), []);
  assert.deepEqual(quotes("This is the third time I've called about it."), ["This is the third time I've called"]);
});

test('a contact placed in time or counted is repeat contact, whatever sits between the verb and the count', () => {
  for (const text of [
    'I have called and emailed and nothing changes.',
    'Sent 3 emails, nothing back.',
    'Reported it twice already.',
    "I've tried to contact you several times.",
    'I even called the store.',
    'I have also reported this.',
  ])
    assert.deepEqual(kindsOf(text), ['repeat-contact'], text);
  assert.deepEqual(kindsOf('I DMed you a week ago.'), ['duration', 'repeat-contact']);
});

test('nobody answering the customer, advice already followed and what the agent sent are repeat contact; an app not responding is not', () => {
  for (const text of [
    'Nobody is responding to my emails.',
    "You're not responding to my messages.",
    'No one has contacted me.',
    'I did what you said and it still fails.',
    'I followed your instructions and nothing.',
    "The link you sent doesn't open.",
    "You said you'd fix it.",
  ])
    assert.deepEqual(kindsOf(text), ['repeat-contact'], text);
  for (const text of [
    'The app is not responding.',
    'I resent being charged twice.',
    "I can't read my emails on the new phone.",
    "I can't send a DM from the app.",
  ])
    assert.deepEqual(kindsOf(text), [], text);
});

test('a travel ticket, a failure that happens again and a booking reference are no contact made before', () => {
  for (const text of [
    'My ticket is non-refundable.',
    'The app crashed once again.',
    'Once again the app will not load.',
    'My booking reference number is ABC123.',
  ])
    assert.deepEqual(kindsOf(text), [], text);
});

test('a state that has held for a stretch is duration; tenure, the length of a plan, time since last use and an age are not', () => {
  for (const text of [
    "It's been down for an hour.",
    'My account has been locked for a couple of days.',
    'Still not working after 5 days.',
    'A month later still nothing.',
    'Weeks and weeks of this.',
    'It has crashed ever since the update.',
    "It's been like this for a while now.",
  ])
    assert.deepEqual(kindsOf(text), ['duration'], text);
  for (const text of [
    "I've been a customer for 5 years.",
    'I have had this account for 10 years.',
    'I paid for 12 months up front.',
    'It had been several years since I logged in.',
    'My son is 5 years old and loves the game.',
    'Day 5 of lockdown and I love the new update.',
  ])
    assert.deepEqual(kindsOf(text), [], text);
});

test('an event of the customer still to come is a deadline; one called off, a plan to reply, a code lapsing or a time something failed are not', () => {
  for (const text of ['I have an exam tomorrow.', 'My class starts at 9.', 'The payment is due on the 15th.'])
    assert.deepEqual(kindsOf(text), ['deadline'], text);
  for (const text of [
    'My flight was cancelled.',
    "I'll let you know first thing tomorrow.",
    'The code expires in 10 minutes.',
    'I watched his interview on YouTube.',
    'The site went down at 3pm.',
  ])
    assert.deepEqual(kindsOf(text), [], text);
});

test('speed, a call back, leaving and age asked for in a few more forms; fed up, a figure of speech and "human" in its everyday sense are not cues', () => {
  assert.deepEqual(kindsOf('Quick reply please.'), ['hurry']);
  assert.deepEqual(kindsOf('I need a callback.'), ['wants-human']);
  assert.deepEqual(kindsOf("I'll stop paying for this."), ['churn-threat']);
  assert.deepEqual(kindsOf('Time to cancel my subscription.'), ['churn-threat']);
  assert.deepEqual(kindsOf("I'm 78 years old and this is hard."), ['capability']);
  for (const text of [
    'Time to quit smoking.',
    "I'm sick of this app crashing.",
    "I'm bored to death with this game.",
    "I'm a human being, not a number.",
    'Is no one else having this issue?',
    'I need to cancel my order.',
  ])
    assert.deepEqual(kindsOf(text), [], text);
});

test('tagging the press or a regulator into a complaint is a complaint threat', () => {
  const text = '@Chase @CNN why are you charging me an escrow fee?';
  assert.deepEqual(cuesOf(text), [{ kind: 'complaint-threat', evidence: [cue(text, '@CNN', 'complaint-threat')] }]);
  assert.deepEqual(kindsOf('@Chase why are you charging me an escrow fee?'), []);
});

test('the vulnerabilities named in the field report are found in their other grammatical forms; the look-alikes are not', () => {
  for (const [text, kind] of [
    ['I got laid off last week.', 'financial-hardship'],
    ['I was laid off because of covid.', 'financial-hardship'],
    ['We can no longer afford the subscription.', 'financial-hardship'],
    ["My son's immune system is weak so we can't go out.", 'health'],
  ] as const)
    assert.deepEqual(kindsOf(text), [kind], text);
  for (const text of [
    'The card terminal at the store declined me.',
    'The operation could not be completed.',
    'I can do it by myself, thanks.',
    'What benefits do I get with premium?',
    "I'm switching to the other tab.",
    "I'm sick of this app crashing.",
  ])
    assert.deepEqual(kindsOf(text), [], text);
});

test('a question about what would happen is not the situation itself: "if I cancel", "if I can\'t pay", "if my husband died"', () => {
  for (const text of [
    'If I cancel my plan will I get a refund?',
    "What happens if I can't pay my bill?",
    'If I switch providers can I keep my number?',
    'If my husband died would the account close?',
    'How do I cancel my subscription?',
  ])
    assert.deepEqual(kindsOf(text), [], text);
  assert.deepEqual(kindsOf("If you don't fix this I will cancel my plan."), ['churn-threat']);
  assert.deepEqual(kindsOf("I can't pay my bill this month."), ['financial-hardship']);
  assert.deepEqual(kindsOf('My husband died last week.'), ['bereavement']);
});

test("leaving said to the brand's handle or for another one is churn; an account closed in the past or an item not returned is not", () => {
  for (const text of [
    "I'm done with @hulu.",
    'Goodbye @hulu.',
    'Moving to @verizon next month.',
    "I'm deleting my account.",
    "I'm never coming back.",
    "I'm taking my money to another bank.",
  ])
    assert.deepEqual(kindsOf(text), ['churn-threat'], text);
  for (const text of ['I closed my account last year and got charged.', "I'm not returning the item."])
    assert.deepEqual(kindsOf(text), [], text);
});
