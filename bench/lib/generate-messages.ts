import type { InboundMessage } from '../../src/domain/message';

/**
 * Deterministic generator of realistic parent messages for benchmarks: everyday enquiries with typos,
 * some upset-but-civil ones, some abusive or masked swearing, and senders with histories (most send one
 * or two messages a day, a few send bursts of chasers within hours, as vexatious runs do).
 */
function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CHILDREN = ['Lily', 'Kai', 'Mason', 'Ava', 'Noah', 'Amelia', 'Jake', 'Leo', 'Isla', 'Freddie', 'Zainab', 'Oscar', 'Ruby', 'Theo', 'Grace'];
const STAFF = ['Mrs Harrison', 'Miss Doyle', 'Mr Hughes', 'Mrs Begum', 'Miss Evans', 'Mr Carter'];
const TEMPLATES = [
  '{c} wont be in today, shes been sick all night. Will let u know about tomorrow',
  'Hi its {c}s mum, he has a temp so keeping him off today sorry',
  'Hi, {c}s nan is collecting today at 3 instead of the taxi. Thanks',
  'Can you remind me when parents evening is? And can I book a phone one',
  'Hi please can someone check {c} has her inhaler, she was wheezy this morning',
  'How much is the panto trip and when does the money need to be in by?',
  'Hi {s}, {c} has been really unsettled at home since we moved. Could you keep an eye on him?',
  'When is {c}s annual review? His EHCP says november but we havent had an invite',
  'I am not happy at all about the way the incident on Monday was handled. I want a meeting please',
  'Thank you so much to {s} for the call yesterday, it really helped x',
  '{c} said a boy on the bus keeps hitting her and she doesnt want to come in. Who do I speak to?',
  'What the f*** is going on with the taxi?? its 8.40 and nobody has turned up',
  '{s} is a useless excuse for a teacher. I want a meeting about how she spoke to my daughter',
  'Still waiting for a call back. I need someone to ring me this morning',
  'Hi can {c} have a new reading book please, he knows this one off by heart lol',
  'Can {c} have his medicine at lunch, new bottle in his bag. 5ml. Thanks',
  'Is school open on Monday? someone on the whatsapp said its an inset day',
  'Sorry ignore that, wrong number!!',
];

export interface GeneratedLog {
  messages: InboundMessage[];
  senders: number;
}

/** `count` messages over consecutive school days, in time order. */
export function generateMessages(count: number, seed = 42): GeneratedLog {
  const rand = prng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const senders = Math.max(50, Math.floor(count / 5));
  const messages: InboundMessage[] = [];
  let t = Date.parse('2026-09-07T06:00:00Z');
  const perDayMs = 14 * 3_600_000;
  const perMsgMs = perDayMs / Math.max(1, Math.min(count, 4000));
  let i = 0;
  while (messages.length < count) {
    // A few senders send a burst of chasers (the vexatious shape); most send one message.
    const from = `+4477009${String(Math.floor(rand() * senders)).padStart(5, '0')}`;
    const burst = rand() < 0.03 ? 2 + Math.floor(rand() * 5) : 1;
    const tpl = pick(TEMPLATES);
    for (let b = 0; b < burst && messages.length < count; b++) {
      t += perMsgMs * (0.5 + rand());
      const body = (b === 0 ? tpl : pick(['Hello?? {n}rd time. Answer me', 'Why is nobody replying. Ive asked {n} times now', 'Final time im asking, today or else']))
        .replaceAll('{c}', pick(CHILDREN))
        .replaceAll('{s}', pick(STAFF))
        .replaceAll('{n}', String(b + 2));
      messages.push({ id: `g${++i}`, from, receivedAt: new Date(t).toISOString(), channel: rand() < 0.9 ? 'sms' : 'teams', body });
    }
  }
  return { messages, senders };
}
