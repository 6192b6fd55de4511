import { type Cue, type Hit, PhraseMatcher, Tokens, tokenize } from './phrases';

/**
 * How a message presses for an answer: chasing an earlier contact, demanding an answer now, reporting
 * other contacts today, or setting a deadline with a consequence. Used by the vexatious rule, and by the
 * topic rule to tell a bare chaser ("Still waiting.") that continues the sender's earlier matter.
 */
export type PressureFamily =
  | 'chaser'
  | 'pressure'
  | 'polite'
  | 'contact'
  | 'toldYou'
  | 'ordinal'
  | 'ordinalTime'
  | 'sameDay'
  | 'consequence'
  | 'staffDemand';

const cues: Cue<PressureFamily>[] = [];
function c(family: PressureFamily, weight: number, ...phrases: string[]): void {
  for (const phrase of phrases) cues.push({ family, weight, phrase });
}

c('chaser', 1, 'did|has|have|had ~3 get|got|see|seen|receive|received|read ~2 my|our ~1 message|messages|email|emails|text|texts|voicemail|note|letter', 'my ~1 message|email|text ~2 from|on|yesterday|last|earlier|this', 'still waiting|nothing', 'still no ~1 reply|answer|response|call|word|news|date|refund|update|one', 'still not|havent|hasnt ~1 heard|had|received|got|rung|called|replied', 'any ~1 update|updates|news|reply|answer|word|response', 'update on', 'have|has ~1 you|anyone|someone ~4 yet', 'no ~1 reply|response|answer', 'nobody|noone ~2 replied|replying|answered|answering|responded|responding|rang|rung|called|contacted|reading|reply|replies|answers', 'no one ~2 replied|replying|answered|answering|responded|responding|rang|rung|called|contacted|reading|reply|replies|answers', 'anyone ~2 reading|there|listening', 'chasing|chase', 'following|follow up', 'asked ~3 times|twice|again', 'asking again', 'again ~1 asking', 'last|final time', 'how many times', 'been read', 'seen this|these|my', 'havent heard', 'heard nothing', 'not heard', 'keep texting|messaging|ringing', 'waiting for ~1 a|your ~1 call|reply|answer|response', 'please answer|reply|respond', 'nobody|noone ~2 picking|answering|answers', 'no one ~2 picking|answering|answers');
c('pressure', 1, 'answer ~1 me', 'reply|respond ~1 to ~1 me', 'ring|call|phone|rings|calls ~1 me', 'get back to me', 'now|asap|immediately', 'right now', 'straight away', 'i|id ~1 want|need|expect ~4 today|now|answer|call|reply|response', 'why is ~1 nobody|noone|no', 'nobody|noone ~1 cares', 'no one ~1 cares', 'not later', 'not next week', 'not tomorrow', 'keep texting', 'last|final time', 'or else', 'unbelievable', 'ridiculous');
c('polite', 1, 'no rush', 'when you ~1 get|have ~1 a|the ~1 chance|minute|moment', 'when you can', 'sorry to ~1 chase|bother|message|pester', 'just checking|wondering', 'just following up', 'thank|thanks|thankyou|thx', 'appreciate', 'no worries', 'if possible', 'many thanks');
c('contact', 1, 'rang|rung|called|phoned|emailed|texted|messaged|emails|email', 'left ~2 message|messages|voicemail');
c('toldYou', 1, 'told you', 'told the|your ~1 office|school|teacher|staff');
c('ordinal', 1, '# st|nd|rd|th ~1 message|text|email|call|voicemail', 'second|third|fourth|fifth|sixth|seventh ~1 message|text|email|call', 'my # ~1 message|text', 'asked ~2 # times', 'asked twice', '# st|nd|rd|th time ~2 asking|asked|ive|i|messaging|texting|emailing|ringing|calling', 'second|third|fourth|fifth|sixth|seventh time ~2 asking|asked|ive|i|messaging|texting|emailing|ringing|calling');
// "3rd time." on its own counts too (checked in readPressure); "the 3rd time this term" is about something else.
c('ordinalTime', 1, '# st|nd|rd|th time', 'second|third|fourth|fifth|sixth|seventh time');
c('sameDay', 1, 'today|tonight', 'this morning|afternoon|evening', 'already', 'in the last|past ~1 hour|hours|hr', 'since # ?am|pm|oclock');
c('consequence', 1, 'or ~1 else', 'or im|ill|well|hes|shes|theyll|youll|therell|its', 'or i|we|he|she ~1 go|will|am|take|report|contact|call|ring|complain|keep|pull|wont|cant|shall|not', 'or you ~1 can|will|ll', 'otherwise ~1 im|ill|i|we|well', 'if ~6 not|havent|hasnt|dont|doesnt|isnt|arent|wont|cant|no|nothing ~8 im|ill|well|theyll|therell', 'if ~6 not|havent|hasnt|dont|doesnt|isnt|arent|wont|cant|no|nothing ~8 i|we ~1 will|am|shall|go', 'you have # ~1 hour|hours|minutes|mins|min|hr|hrs');
c('staffDemand', 1, 'mr|mrs|miss|ms|dr|head|headteacher|senco|teacher ~2 needs|must|has|better|should ?to ring|call|reply|answer|respond|email|text|phone|contact|explain', 'i|id ~1 want|need|expect ~1 mr|mrs|miss|ms|dr|the ~2 to ring|call|reply|answer|respond|phone|explain', 'get|tell|make ~1 him|her ~1 to ring|call|reply|answer|respond|phone');

export const pressureMatcher = new PhraseMatcher<PressureFamily>(cues);

const NUMBER_WORDS: Record<string, number> = { twice: 2, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, second: 2, third: 3, fourth: 4, fifth: 5, sixth: 6, seventh: 7 };

export interface PressureReading {
  chaser: Hit<PressureFamily> | null;
  pressure: Hit<PressureFamily> | null;
  polite: boolean;
  /** Contacts on other channels the message says happened today ("rang twice this morning"). */
  reportedToday: number;
  reportedEvidence: Hit<PressureFamily> | null;
  /** The count the message itself states ("3rd message", "asked 4 times"), 0 when none. */
  statedCount: number;
  statedEvidence: Hit<PressureFamily> | null;
  /** The stated count is said to be today ("3rd message this morning"). */
  statedToday: boolean;
  consequence: Hit<PressureFamily> | null;
  staffDemand: Hit<PressureFamily> | null;
  tokens: Tokens;
}

const scratch = new Tokens();
const HELLO = /\b(?:hello|hellooo*|hi|anyone)\s*\?+/i;

function numberAt(t: Tokens, i: number): number {
  const w = t.text[i];
  if (w === undefined) return 0;
  const n = Number(w);
  if (Number.isInteger(n) && n > 0 && n < 50) return n;
  return NUMBER_WORDS[w] ?? 0;
}

/** Read the message's pressure cues. The returned tokens are reused by the next call. */
export function readPressure(body: string, tokens: Tokens = scratch): PressureReading {
  const t = tokenize(body, tokens);
  const hits = pressureMatcher.match(t);
  const r: PressureReading = {
    chaser: null,
    pressure: null,
    polite: false,
    reportedToday: 0,
    reportedEvidence: null,
    statedCount: 0,
    statedEvidence: null,
    statedToday: false,
    consequence: null,
    staffDemand: null,
    tokens: t,
  };
  const sameDaySentences: number[] = [];
  const toldSentences: number[] = [];
  for (const h of hits) {
    if (h.family === 'sameDay') sameDaySentences.push(t.sentence[h.tokStart]!);
    if (h.family === 'toldYou') toldSentences.push(t.sentence[h.tokStart]!);
  }
  // "Hello?", a bare "??" or a message that opens with "Nothing." chases too.
  const hello = HELLO.exec(body);
  if (hello) r.chaser = { cue: -1, family: 'chaser', weight: 1, tokStart: 0, tokEnd: 0, start: hello.index, end: hello.index + hello[0].length };
  if (/\?\?|!!/.test(body)) r.pressure ??= { cue: -1, family: 'pressure', weight: 1, tokStart: 0, tokEnd: 0, start: body.search(/\?\?|!!/), end: body.search(/\?\?|!!/) + 2 };
  if (!r.chaser && t.count > 0 && t.text[0] === 'nothing' && t.sentence[1] !== 0) r.chaser = { cue: -1, family: 'chaser', weight: 1, tokStart: 0, tokEnd: 1, start: t.start[0]!, end: t.end[0]! };
  for (const h of hits) {
    const s = t.sentence[h.tokStart]!;
    switch (h.family) {
      case 'chaser':
        r.chaser ??= h;
        break;
      case 'pressure':
        if (!r.pressure || r.pressure.cue === -1) r.pressure = h;
        break;
      case 'polite':
        r.polite = true;
        break;
      case 'contact': {
        // Other-channel contacts count only when said to be today and not "I've told you" about a mistake.
        if (!sameDaySentences.includes(s) || toldSentences.includes(s)) break;
        let n = 1;
        for (let j = h.tokEnd; j < Math.min(h.tokEnd + 5, t.count) && t.sentence[j] === s; j++) {
          const k = numberAt(t, j);
          if (k && (t.text[j] === 'twice' || t.text[j + 1] === 'times')) {
            n = k;
            break;
          }
        }
        r.reportedToday += n;
        r.reportedEvidence ??= h;
        break;
      }
      case 'ordinalTime':
      case 'ordinal': {
        if (toldSentences.includes(s)) break;
        // A bare "3rd time." must be a sentence of its own (after "Hello??"), or it may count something else.
        if (h.family === 'ordinalTime') {
          const opens = h.tokStart === 0 || t.sentence[h.tokStart - 1] !== s;
          const closes = h.tokEnd >= t.count || t.sentence[h.tokEnd] !== s || (t.text[h.tokEnd] === 'now' && t.sentence[h.tokEnd + 1] !== s);
          if (!opens || !closes) break;
        }
        let n = 0;
        for (let j = h.tokStart; j < h.tokEnd && !n; j++) n = numberAt(t, j);
        if (n > r.statedCount) {
          r.statedCount = n;
          r.statedEvidence = h;
          r.statedToday = sameDaySentences.includes(s);
        }
        break;
      }
      case 'consequence':
        r.consequence ??= h;
        break;
      case 'staffDemand':
        r.staffDemand ??= h;
        break;
    }
  }
  return r;
}

/** True when the text chases an earlier contact (used on history entries, so it allocates nothing new). */
export function isChaser(body: string): boolean {
  const r = readPressure(body);
  return r.chaser !== null || r.statedCount > 1 || r.reportedToday > 0;
}
