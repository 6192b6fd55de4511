/**
 * `abusive`: insults, name-calling and rude dismissals aimed at someone (a person, the staff as a
 * group, the school). Three sources: insult words with a target (see targets.ts), fixed phrases
 * that are rude whoever says them ("should be ashamed to call herself a teacher", "shut up"), and
 * swearing aimed at someone ("that f***ing TA", "you twat", an order to staff with a swear word in it).
 */
import { INSULT_ADJECTIVES, STANDALONE_ADJECTIVES, STRONG_INSULT_NOUNS, WEAK_ADJECTIVES, WEAK_INSULT_NOUNS } from './lexicon';
import type { SwearHit } from './swearing';
import { type ConductContext, findTarget, inAddress, otherPersonBefore, type Target } from './targets';
import { needles } from './needles';
import type { Doc } from './text';

export interface Hit {
  start: number;
  end: number;
  confidence: number;
  note: string;
}

const INSULTS = new RegExp(
  `\\b(?:(${STRONG_INSULT_NOUNS})|(${WEAK_INSULT_NOUNS})|(${INSULT_ADJECTIVES})|(waste\\s+of\\s+(?:space|oxygen|skin|air|a\\s+salary)|(?:poor|pathetic|sorry|useless|thick|lazy)?\\s?excuse\\s+for\\s+an?\\s+(?:teacher|school|head|human|person|woman|man|adult|parent|professional|office|senco|ta|human\\s+being|deputy|receptionist)|nasty\\s+piece\\s+of\\s+work|piece\\s+of\\s+(?:work|shit|sh[*!1]t|crap|dirt)))\\b`,
  'g',
);

/** Phrases that insult or dismiss whoever they are said to; no target needed. */
const PHRASES =
  /\b(?:should\s+be\s+ashamed\s+to\s+call\s+(?:yourself|yourselves|herself|himself|themselves)\s+an?|wouldn'?t\s+know\s+(?:an?|the|what)\s+\w+(?:\s+\w+)?\s+if\s+(?:it|one)\s+(?:hit|slapped|bit|smacked)|(?:not\s+one|none)\s+of\s+(?:you|them)\s+(?:has|have)\s+(?:got\s+)?(?:a|the|any|one)\s+(?:brain|brains|brain\s+cell)|brain\s+cells?\s+between|(?:has|have)\s+the\s+brains?\s+(?:you|she|he|they)\s+(?:was|were)\s+born\s+with|get\s+a\s+brain|not\s+fit\s+to\s+(?:teach|be\s+(?:a\s+)?(?:teacher|head|in\s+charge)|run\s+a\s+(?:school|bath)|work\s+with\s+(?:kids|children))|thick\s+as\s+(?:mince|pigshit|pig\s+shit|two\s+short\s+planks|a\s+brick|shit)|couldn'?t\s+organise\s+a\s+piss\s?-?up|shut\s+(?:up|your\s+(?:mouth|face|trap|gob|cakehole))|(?:f[a-z*#@$!]*k|f\*+|eff|piss|sod|bugger|naff)\s+off|up\s+yours|kiss\s+my\s+(?:arse|ass)|(?:shove|stick)\s+(?:it|your\s+\w+(?:\s+\w+)?)\s+(?:up\s+your|where\s+the\s+sun)|(?:f[a-z*#@$!]*k|f\*+|screw)\s+(?:you|u|ya|the\s+lot\s+of\s+you|the\s+school|this\s+school|your\s+\w+)|stfu|gtfo|go\s+to\s+hell|drop\s+dead|who\s+(?:the\s+(?:hell|f[a-z*#@$!]*)\s+)?do\s+you\s+think\s+you\s+are|grow\s+a\s+(?:spine|pair|backbone|brain)|(?:a\s+)?face\s+like\s+a\s+(?:slapped|smacked)\s+(?:arse|ass|backside)|face\s+like\s+a\s+(?:bulldog|bag\s+of\s+spanners|wet\s+weekend|smacked\s+bum)|(?:go\s+)?kill\s+(?:yourself|yourselves|urself|ya\s*self)|kys)\b/g;
/** Dismissals that are only rude as an order ("Get lost.", not "he keeps getting lost"). */
const ORDERS = /(?:^|[.!?]\s*|,\s*|\b(?:just|so|now|you\s+can|and)\s+)(get\s+(?:lost|stuffed|knotted)|jog\s+on|do\s+one)(?=\s*(?:[.!?,]|$|you|mate))/g;

const INSULTS_NEEDLES = needles(INSULTS);
const PHRASES_NEEDLES = needles(PHRASES);
const ORDERS_NEEDLES = needles(ORDERS);

/** Sentence openings that are orders to the reader; with a swear word in the sentence they aim it at staff. */
const IMPERATIVE_START =
  /^(?:(?:and|so|just|please|now|oh|right|ok|okay|then|honestly|seriously)\s+)*(?:give|get|sort|tell|stop|do|answer|ring|call|send|pass|pick|read|listen|learn|check|fix|take|put|let|keep|look|make|find|bring|change|move|deal|try|explain|text|reply|email|phone|hurry|leave|don'?t|dont|do\s+not)\b/;

const STRONG_NOUN = new RegExp(`^(?:${STRONG_INSULT_NOUNS})$`);
const SELF_COMPARISON = /\b(?:i|i'm|im|i\s+was|i\s+am|me|myself|made\s+me|i\s+felt|i\s+feel|felt|feel|feeling|look(?:ed)?)\s+(?:\w+\s+){0,3}$/;
/** Weak nouns aimed by a frame just before them ("bunch of clowns", "you muppets", "old witch"). */
const GROUP_FRAME =
  /\b(?:you|u|absolute|total|complete|utter|bunch\s+of|load\s+of|pack\s+of|shower\s+of|set\s+of|such|right|proper|bloody|little|f[a-z*#@$!]*ing|effing|what\s+a\s+bunch\s+of|run\s+by|pair\s+of|lot\s+of)\s+(?:(?:useless|lazy|thick|stupid|incompetent|pathetic|clueless|bloody|little|absolute|f[a-z*#@$!]*ing)\s+)?$/;
const FEMALE_NOUNS = /^(?:cows?|witch(?:es)?|bags?|bats?|hags?|mares?|sows?|trouts?|madam)$/;
const FEMALE_FRAME = new RegExp(
  `\\b(?:you|${INSULT_ADJECTIVES}|old|silly|daft|miserable|mardy|jumped[\\s-]?up|stuck[\\s-]?up|little|moody|snooty|evil|lying|fat|ugly|stupid)\\s+(?:(?:old|little|fat)\\s+)?$`,
);
const JOKE_NOUNS = /^(?:jokes?|disgrace|embarrassment|laughing\s?-?stock|shower|jokers)$/;
/** Adjectives followed by these are about a skill or an incident ("useless at maths", "rude to me"), not name-calling. */
const ADJ_COMPLEMENT = /^\s*(?:at|with|to|about|when|towards|toward|for|in|on|of|enough|that|because|without|after|and\s+(?:tired|upset)|lately|today|yesterday|this|sometimes|with\s+(?:me|him|her))\b/;
const CLOWN_CONTEXT = /\b(?:as\s+a|costume|outfit|show|party|entertainer|circus|face\s+paint|makeup|nose|class)\s*$/;

const isShitEntry = (h: SwearHit) => h.entry.word === 'shit';
/** Negated, about the writer, about a thing, or about a body outside the school (the council, a taxi firm). */
const ignorable = (t: Target) => t.negated || t.kind === 'self' || t.kind === 'thing' || t.kind === 'external';

function aimed(t: Target): boolean {
  return t.kind === 'you' || t.kind === 'staff' || t.kind === 'school' || t.kind === 'person';
}

function describe(t: Target): string {
  switch (t.kind) {
    case 'you':
      return 'aimed at the reader (you / you lot)';
    case 'staff':
      return 'aimed at a member of staff';
    case 'school':
      return 'aimed at the school';
    case 'person':
      return 'aimed at a named or described person';
    case 'pronoun':
      return 'aimed at the person just mentioned';
    default:
      return 'said on its own, aimed at whoever reads it';
  }
}

/** The insult with its target when they are close. */
function spanFrom(t: Target, start: number, end: number): { start: number; end: number } {
  if (t.at && Math.abs(t.at.start - start) < 120) return { start: Math.min(t.at.start, start), end: Math.max(t.at.end, end) };
  return { start, end };
}

/** Insults (with a target), rude phrases and swearing aimed at someone. */
export function findAbuse(doc: Doc, ctx: ConductContext, swears: readonly SwearHit[]): Hit[] {
  const lower = doc.lower;
  const hits: Hit[] = [];

  INSULTS.lastIndex = 0;
  for (let m = doc.mayMatch(INSULTS_NEEDLES) ? INSULTS.exec(lower) : null; m; m = INSULTS.exec(lower)) {
    const start = m.index;
    const end = start + m[0].length;
    const word = m[0].trim();
    if (doc.isReported({ start, end }) || inAddress(doc, start, end)) continue;
    const before = lower.slice(Math.max(0, start - 40), start);
    if (m[1] || m[4]) {
      // Name-calling: aimed at someone wherever it is used, unless the writer means themselves.
      const t = findTarget(doc, ctx, start, end, false);
      if (ignorable(t)) continue;
      if (/^idiots?$|^fools?$/.test(word) && SELF_COMPARISON.test(before)) continue;
      if (t.kind === 'pronoun' && !otherPersonBefore(doc, ctx, start)) continue;
      const span = spanFrom(t, start, m[0].startsWith(' ') ? start + 1 : end);
      hits.push({ ...span, confidence: m[4] ? 0.85 : STRONG_NOUN.test(word) ? 0.85 : 0.8, note: `name-calling ("${doc.body.slice(start, end).trim()}"), ${describe(t)}` });
      continue;
    }
    if (m[2]) {
      const t = findTarget(doc, ctx, start, end, false);
      if (ignorable(t) || (t.kind === 'other' && t.how === 'predicate')) continue;
      if (t.kind === 'pronoun' && !otherPersonBefore(doc, ctx, start)) continue;
      let ok = false;
      if (JOKE_NOUNS.test(word)) {
        ok =
          ((t.how === 'predicate' || t.how === 'vocative') && aimed(t)) ||
          (t.how === 'predicate' && t.kind === 'pronoun') ||
          t.how === 'postposed' ||
          /^\s+(?:of\s+an?\s+(?:school|teacher|head|office|place)|to\s+(?:the|your|her|his)\s+(?:profession|school|job|uniform))/.test(lower.slice(end, end + 30)) ||
          (word === 'shower' && /\b(?:useless|you|absolute|total)\s+$/.test(before));
      } else if (FEMALE_NOUNS.test(word)) {
        ok = FEMALE_FRAME.test(before) || t.how === 'postposed' || (word === 'madam' && t.how === 'standalone');
        if (/^\s+of\b/.test(lower.slice(end, end + 5))) ok = false;
      } else {
        if (/^clowns?$/.test(word) && CLOWN_CONTEXT.test(before)) continue;
        ok = GROUP_FRAME.test(before) || t.how === 'postposed' || t.how === 'vocative' || t.how === 'standalone' || (t.how === 'predicate' && (aimed(t) || t.kind === 'pronoun'));
      }
      if (!ok) continue;
      hits.push({ ...spanFrom(t, start, end), confidence: 0.75, note: `name-calling ("${doc.body.slice(start, end)}"), ${describe(t)}` });
      continue;
    }
    // Adjective: needs a target.
    if (ADJ_COMPLEMENT.test(lower.slice(end, end + 24))) continue;
    const t = findTarget(doc, ctx, start, end, true);
    if (ignorable(t) || t.kind === 'other') continue;
    let ok = false;
    let confidence = 0.85;
    if (t.how === 'attributive' || t.how === 'postposed' || t.how === 'vocative') ok = true;
    else if (t.how === 'predicate') {
      if (t.kind === 'pronoun') ok = otherPersonBefore(doc, ctx, start);
      else ok = aimed(t);
    } else if (t.how === 'standalone' && STANDALONE_ADJECTIVES.has(word)) {
      ok = true;
      confidence = 0.6;
    }
    if (!ok) continue;
    if (WEAK_ADJECTIVES.has(word)) confidence -= 0.2;
    hits.push({ ...spanFrom(t, start, end), confidence, note: `insult ("${doc.body.slice(start, end)}"), ${describe(t)}` });
  }

  PHRASES.lastIndex = 0;
  for (let m = doc.mayMatch(PHRASES_NEEDLES) ? PHRASES.exec(lower) : null; m; m = PHRASES.exec(lower)) {
    const span = { start: m.index, end: m.index + m[0].length };
    if (doc.isReported(span)) continue;
    hits.push({ ...span, confidence: 0.8, note: `contemptuous or dismissive phrase ("${doc.text(span)}")` });
  }
  ORDERS.lastIndex = 0;
  for (let m = doc.mayMatch(ORDERS_NEEDLES) ? ORDERS.exec(lower) : null; m; m = ORDERS.exec(lower)) {
    const start = m.index + m[0].length - m[1]!.length;
    const span = { start, end: start + m[1]!.length };
    if (doc.isReported(span)) continue;
    hits.push({ ...span, confidence: 0.75, note: `dismissive order ("${doc.text(span)}")` });
  }

  for (const h of swears) {
    if (h.entry.kind !== 'swear' || doc.isReported(h) || inAddress(doc, h.start, h.end)) continue;
    const before = lower.slice(Math.max(0, h.start - 30), h.start);
    // A swear word that names a person: "you twat", "that dickhead of a driver", "bunch of knobheads".
    if (h.isNoun) {
      const t = findTarget(doc, ctx, h.start, h.end, false);
      if (ignorable(t) || (isShitEntry(h) && t.kind === 'other' && t.how === 'predicate')) continue;
      const isShit = h.entry.word === 'shit';
      const framed = isShit
        ? /\b(?:you|u|little|piece\s+of|lying|useless|thick|lazy)\s+$/.test(before)
        : /\b(?:a|an|you|u|ya|that|this|the|such|what|absolute|complete|total|utter|right|proper|little|fat|lying|stupid|useless|lazy|thick|bunch\s+of|pack\s+of|load\s+of|some|those|them|of|your|ur|bloody|f[a-z*#@$!]*ing|old|big|massive)\s+$/.test(before);
      const nextWord = /^\s*([a-z]+)/.exec(lower.slice(h.end, h.end + 20))?.[1] ?? '';
      if (!isShit || !/^(?:day|night|week|morning|time|weather|car|service|system|thing|idea|state|situation|show|job|one)$/.test(nextWord)) {
        if (framed || t.how === 'standalone' || t.how === 'postposed' || (t.how === 'predicate' && (aimed(t) || t.kind === 'pronoun'))) {
          hits.push({ start: h.start, end: h.end, confidence: 0.9, note: `swear word used as name-calling ("${doc.body.slice(h.start, h.end)}")` });
          continue;
        }
      }
    }
    // A swear word in front of a person: "f***ing TA", "your f*cking receptionist", "sh1t school".
    const t = findTarget(doc, ctx, h.start, h.end, true);
    if (t.how === 'attributive' && t.kind !== 'person') {
      hits.push({ start: h.start, end: t.at?.end ?? h.end, confidence: 0.85, note: `swearing aimed at ${t.kind === 'school' ? 'the school' : 'staff'}` });
      continue;
    }
    if (t.how === 'attributive' && t.kind === 'person' && !/\b(?:my|our)\s+$/.test(before)) {
      hits.push({ start: h.start, end: t.at?.end ?? h.end, confidence: 0.75, note: 'swearing aimed at a person' });
      continue;
    }
    if (h.entry.strength >= 2 && /\b(?:you|u|ya)\s+(?:(?:absolute|complete|total|utter|stupid|useless|lazy|thick|fat|little|bunch\s+of|pack\s+of)\s+)?$/.test(before) && !/\b(?:can|could|would|will|do|did|have|if|thank|tell|told|let|when|are|see|ask|asked)\s+(?:you|u|ya)\s+$/.test(before)) {
      hits.push({ start: Math.max(0, before.lastIndexOf('you') + h.start - before.length), end: h.end, confidence: 0.8, note: 'swearing at the reader' });
      continue;
    }
    // An order to staff with a swear word in it: "Give him his f***ing inhaler".
    const s = doc.sentenceAt(h.start);
    if (IMPERATIVE_START.test(lower.slice(s.start, h.start).trimStart())) {
      hits.push({ start: s.start, end: Math.min(s.end, h.end), confidence: 0.7, note: 'swearing in an order to staff' });
    }
  }
  return hits;
}
