import type { Evidence, HistoryEntry } from '../../../domain/triage';
import type { Flag, Topic, Urgency } from '../../../domain/taxonomy';
import { type Family, topicMatcher } from './cues';
import { type Hit, Tokens, tokenize } from './phrases';
import { readPressure } from './pressure';
import { MessageClock } from './timing';

export interface TopicContext {
  /** Conduct flags already found in the message's words (not vexatious). */
  readonly flags: readonly Flag[];
  /** When the message was received, and the school's time zone, for "today" and same-day rules. */
  readonly receivedAt: Date;
  readonly timezone: string;
  /**
   * The sender's earlier messages, oldest first (optional). With it, a bare chaser ("Still waiting.",
   * "Please answer") keeps the matter it chases instead of being read on its own words.
   */
  readonly history?: readonly HistoryEntry[];
}

export interface TopicDecision {
  topic: Topic;
  topicEvidence: Evidence | null;
  topicConfidence: number;
  topicNote: string | null;
  urgency: Urgency;
  urgencyEvidence: Evidence | null;
  urgencyNote: string | null;
}

/** A safeguarding score at or above this wins over every other matter. */
const SAFEGUARDING_MIN = 3;
/** An adult at home and a harmful act in one sentence ("his mum's boyfriend shouts at him"). */
const HOME_RISK = 3;
/** A chaser whose own words score below this continues the sender's earlier matter. */
const OWN_MATTER_MIN = 3.5;
/** A follow-up with no matter of its own is short; longer messages are read on their own words. */
const CHASER_MAX_WORDS = 30;
/** How far back a chaser looks for the matter it chases: long enough for "any update?" after a weekend. */
const CHASE_WINDOW_MS = 96 * 3_600_000;

const FAMILIES: readonly Family[] = [
  'absence', 'medical', 'transport', 'family', 'safeguarding', 'learning', 'send', 'complaint', 'general', 'none',
  'sgInjury', 'accident', 'intent', 'whereabouts', 'homeAdult', 'harmAct', 'noRelease', 'today', 'later', 'past', 'weekday', 'collect', 'pickupLate',
  'noShow', 'appointment', 'offToday', 'changeNow', 'beThere', 'clockTime', 'thanks', 'medAction', 'medWhen', 'medAcute', 'medNotInSchool', 'request', 'ownChild', 'announce',
  'separate', 'placeTrip', 'placeBus', 'placeClass', 'schoolContext',
];
const IDX = Object.fromEntries(FAMILIES.map((f, i) => [f, i])) as Record<Family, number>;
/** The families that are topics of their own (the question boost applies to them only, never to safeguarding). */
const TOPIC_FAMILY: readonly boolean[] = FAMILIES.map((f) => ['absence', 'medical', 'transport', 'family', 'learning', 'send', 'complaint', 'general'].includes(f));
const QUESTION_BOOST = 1.5;
/** Ties between topics go to the one more costly to miss. */
const CANDIDATES: readonly Topic[] = ['medical', 'transport', 'absence', 'send', 'complaint', 'learning', 'family', 'general', 'none'];
const CONDUCT: ReadonlySet<Flag> = new Set(['abusive', 'threat', 'discriminatory', 'profanity', 'defamatory']);
const POSSESSIVE_NAME = /(?<!\b(?:Mr|Mrs|Miss|Ms|Dr)\.? )\b[A-Z][a-z]+['’]s\b/;

// Reused between calls: classification is synchronous, so one set of scratch buffers is enough.
const tokens = new Tokens();
const score = new Float64Array(FAMILIES.length);
const best: (Hit<Family> | null)[] = new Array(FAMILIES.length).fill(null);
const topicScore = new Map<Topic, number>();

function evidenceOf(h: Hit<Family> | null | undefined, body: string): Evidence | null {
  return h ? { start: h.start, end: h.end, text: body.slice(h.start, h.end) } : null;
}

function strongest(...families: Family[]): Hit<Family> | null {
  let top: Hit<Family> | null = null;
  for (const f of families) {
    const h = best[IDX[f]];
    if (h && h.weight > 0 && (!top || h.weight > top.weight)) top = h;
  }
  return top;
}

const s = (f: Family) => score[IDX[f]]!;
const has = (f: Family) => score[IDX[f]]! > 0;
const round = (x: number) => Math.round(x * 100) / 100;

export function classifyTopic(body: string, ctx: TopicContext): TopicDecision {
  const t = tokenize(body, tokens);
  const hits = topicMatcher.match(t);
  score.fill(0);
  best.fill(null);
  // The main request is usually the question: when a message mixes questions with other sentences, the words
  // of its questions count more towards a topic than the context around them.
  const asked = questionSentences(t);
  for (const h of hits) {
    const i = IDX[h.family];
    const w = asked !== 0 && h.weight > 0 && TOPIC_FAMILY[i] && (asked & (1 << Math.min(30, t.sentence[h.tokStart]!))) !== 0 ? h.weight * QUESTION_BOOST : h.weight;
    score[i] = score[i]! + w;
    const b = best[i];
    if (!b || h.weight > b.weight) best[i] = h;
  }
  // Being at the gate at a time is a collection, unless the message threatens a confrontation there.
  if (has('beThere') && !ctx.flags.includes('threat')) {
    score[IDX.collect] = s('collect') + s('beThere');
    const there = best[IDX.beThere]!;
    const collect = best[IDX.collect];
    if (!collect || there.weight > collect.weight) best[IDX.collect] = there;
  }

  // 1. Safeguarding wins over everything, hidden in whatever else the message is about. An injury or rough
  //    contact an accident at play explains is not a concern, unless someone did it on purpose.
  const injury = has('accident') && !has('intent') ? 0 : s('sgInjury');
  // Who is at risk from whom: an adult at home doing something harmful, said in one sentence. A request not to
  // let the child go with someone (noRelease, below the bar alone) becomes a concern when any reason comes with it.
  const homeRisk = has('homeAdult') && has('harmAct') && sameSentence(t, hits, 'homeAdult', 'harmAct') ? HOME_RISK : 0;
  const sg = s('safeguarding') + s('whereabouts') + injury + homeRisk + s('noRelease');
  if (sg >= SAFEGUARDING_MIN) {
    const h = strongest('whereabouts', 'safeguarding', ...(injury > 0 ? (['sgInjury'] as const) : []), ...(homeRisk > 0 ? (['harmAct'] as const) : []), 'noRelease');
    const ev = evidenceOf(h, body);
    return {
      topic: 'safeguarding',
      topicEvidence: ev,
      topicConfidence: Math.min(0.98, 0.55 + 0.07 * sg),
      topicNote: `a concern about a child's safety or welfare ("${ev?.text ?? ''}"): safeguarding wins over any other matter`,
      urgency: 'urgent',
      urgencyEvidence: ev,
      urgencyNote: 'every safeguarding concern is urgent',
    };
  }

  const clock = new MessageClock(ctx.receivedAt, ctx.timezone);
  const day = dayReference(t, hits, clock);
  const offToday = has('offToday');

  // 2. Topic scores, with the rules that tie details to a topic.
  topicScore.clear();
  const early = has('appointment') && has('collect') && !day.sameDay;
  topicScore.set('absence', s('absence') + s('offToday') + 0.75 * s('appointment') + (offToday ? 3 : 0) + (early ? 4 : 0));
  topicScore.set('medical', s('medical'));
  topicScore.set('transport', s('transport') + s('collect') + s('pickupLate') + s('noShow'));
  for (const topic of ['family', 'learning', 'send', 'complaint', 'general'] as const) topicScore.set(topic, s(topic));
  const question = body.includes('?');
  // Thanks make a message `none` only when it asks for nothing.
  topicScore.set('none', s('none') + (question || has('request') ? 0 : s('thanks')));

  // 3. The matter that makes the message urgent comes next: a same-day collection or transport change, or a
  //    medical matter affecting the child in school today.
  // "The taxi never came yesterday" or "he had to wait till 4.30 yesterday" is a grievance, not today's matter.
  const notPast = (f: Family) => has(f) && !hits.some((h) => h.family === 'past' && t.sentence[h.tokStart] === t.sentence[best[IDX[f]]!.tokStart]);
  const noShowToday = notPast('noShow');
  const waitToday = notPast('pickupLate');
  const collectToday = has('collect') && (day.sameDay || (day.unknown && has('clockTime') && has('changeNow')));
  const transportToday = topicScore.get('transport')! >= 3 && (noShowToday || waitToday || collectToday);
  // A message of thanks for what was done ("he did his own inhaler today, thank you") has nothing for today.
  const thanksOnly = has('thanks') && !question && !has('request');
  const medicalToday =
    topicScore.get('medical')! >= 2.5 &&
    !thanksOnly &&
    !offToday &&
    !has('medNotInSchool') &&
    // A time of the school day ("one at lunch") is today's only when no other day is named ("from tomorrow"), and
    // not when the message objects to something done then ("not allowed to play at break because of his aids").
    (has('medAction') || (has('medWhen') && (day.sameDay || day.unknown) && topicScore.get('medical')! >= topicScore.get('complaint')!) || (has('medAcute') && (day.sameDay || has('past'))));
  if (transportToday && (!medicalToday || topicScore.get('transport')! >= topicScore.get('medical')!)) {
    const why = noShowToday ? best[IDX.noShow] : waitToday ? best[IDX.pickupLate] : (day.evidence ?? best[IDX.collect]);
    const reason = noShowToday ? 'the transport has not turned up today' : waitToday ? 'someone must wait with the child today' : "a change to today's collection or transport";
    return urgentDecision('transport', body, strongest('noShow', 'pickupLate', 'collect', 'transport'), why, reason);
  }
  if (medicalToday) {
    const why = best[IDX.medAction] ?? best[IDX.medWhen] ?? best[IDX.medAcute];
    return urgentDecision('medical', body, best[IDX.medical] ?? null, why, 'a medical matter affecting the child in school today');
  }

  // 4. The main request: the best-scoring topic, after the rules for separating children and for
  //    flagged messages that ask for nothing.
  const separation = has('separate') && topicScore.get('complaint')! < 3 ? separationTopic(t, hits) : null;
  if (separation) topicScore.set(separation, topicScore.get(separation)! + 4);
  let top: Topic = 'none';
  let topScore = 0;
  let second = 0;
  for (const topic of CANDIDATES) {
    const v = topicScore.get(topic)!;
    if (v > topScore) {
      second = topScore;
      top = topic;
      topScore = v;
    } else if (v > second) second = v;
  }

  // A bare chaser keeps the matter it chases.
  if (topScore < OWN_MATTER_MIN && t.count <= CHASER_MAX_WORDS && ctx.history?.length) {
    const inherited = chasedMatter(body, ctx);
    if (inherited) return inherited;
  }

  // Swearing aimed at nobody ("ffs, forgot it's PE") does not empty a message of its matter; abuse, threats and
  // the like do when the message asks for nothing.
  const flagged = ctx.flags.some((f) => CONDUCT.has(f) && f !== 'profanity');
  if (flagged && top !== 'none' && !asksOrObjects(body, top, topScore, ctx.flags)) {
    return routine('none', null, 0.6, 'a flagged message that asks for nothing and raises no specific decision or incident');
  }
  if (topScore < 1) {
    if (!flagged && has('schoolContext')) return routine('general', null, 0.35, 'no clear topic; the office can route it');
    return routine('none', null, 0.5, flagged ? 'a flagged message with nothing to act on' : 'nothing to act on for the school');
  }
  const ev = topicEvidence(top);
  const confidence = Math.max(0.35, Math.min(0.95, 0.45 + 0.06 * topScore + 0.08 * (topScore - second)));
  const note = separation === top ? `asks to keep children apart (${top === 'transport' ? 'on the bus or taxi' : top === 'learning' ? 'in class' : 'at an event or trip'})` : `main request: ${top} (score ${round(topScore)}, next ${round(second)})`;
  return routine(top, evidenceOf(ev, body), confidence, note);

  function topicEvidence(topic: Topic): Hit<Family> | null {
    switch (topic) {
      case 'absence':
        return strongest('offToday', 'absence', 'appointment');
      case 'transport':
        return strongest('noShow', 'pickupLate', 'collect', 'transport');
      default:
        return best[IDX[topic as Family]] ?? null;
    }
  }

  /** Whether a flagged message asks for something or objects to a specific decision, so its topic stands. */
  function asksOrObjects(text: string, topic: Topic, value: number, flags: readonly Flag[]): boolean {
    const request = has('request') || question;
    const ownChild = has('ownChild') || POSSESSIVE_NAME.test(text);
    // An announced post is `none` whatever it claims, unless it also asks or disputes a record about the child.
    if (flags.includes('defamatory') && has('announce') && !question) return (ownChild && value >= 2) || (has('request') && value >= 1.5);
    if (separation === topic) return true;
    return value >= 3 || (request && value >= 1.5);
  }
}

function routine(topic: Topic, ev: Evidence | null, confidence: number, note: string): TopicDecision {
  return { topic, topicEvidence: ev, topicConfidence: round(confidence), topicNote: note, urgency: 'routine', urgencyEvidence: null, urgencyNote: 'routine: not a same-day transport change, a medical matter for today or a safeguarding concern' };
}

function urgentDecision(topic: Topic, body: string, topicHit: Hit<Family> | null, why: Hit<Family> | null | undefined, reason: string): TopicDecision {
  const ev = evidenceOf(topicHit, body);
  return {
    topic,
    topicEvidence: ev,
    topicConfidence: 0.85,
    topicNote: `${reason}: the matter that makes the message urgent decides the topic`,
    urgency: 'urgent',
    urgencyEvidence: evidenceOf(why, body) ?? ev,
    urgencyNote: reason,
  };
}

/**
 * The sentences (bit i for sentence i, the first 31) that end in a question mark, or 0 when the message's
 * sentences are all questions or none is, so the boost only separates a question from its context.
 */
function questionSentences(t: Tokens): number {
  if (t.count === 0) return 0;
  const body = t.body;
  let mask = 0;
  let all = true;
  for (let i = 0; i < t.count; i++) {
    if (i + 1 < t.count && t.sentence[i + 1] === t.sentence[i]) continue;
    // The last word of a sentence: look at what closes it.
    let j = t.end[i]!;
    const stop = i + 1 < t.count ? t.start[i + 1]! : body.length;
    let q = false;
    for (; j < stop; j++) {
      const c = body.charCodeAt(j);
      if (c === 63) q = true;
      else if (c === 46 || c === 33 || c === 10) break;
    }
    if (q) mask |= 1 << Math.min(30, t.sentence[i]!);
    else all = false;
  }
  return all ? 0 : mask;
}

/** Whether a hit of family a and a hit of family b fall in the same sentence. */
function sameSentence(t: Tokens, hits: readonly Hit<Family>[], a: Family, b: Family): boolean {
  for (const x of hits) {
    if (x.family !== a) continue;
    for (const y of hits) if (y.family === b && t.sentence[y.tokStart] === t.sentence[x.tokStart]) return true;
  }
  return false;
}

interface DayReference {
  /** The message speaks of today (today, tonight, this afternoon, or today's weekday). */
  sameDay: boolean;
  /** It names no day at all, so a collection at "3" means today. */
  unknown: boolean;
  evidence: Hit<Family> | null;
}

function dayReference(t: Tokens, hits: readonly Hit<Family>[], clock: MessageClock): DayReference {
  let today: Hit<Family> | null = null;
  let weekdayToday: Hit<Family> | null = null;
  let later = false;
  let weekdayOther = false;
  for (const h of hits) {
    if (h.family === 'today') today ??= h;
    else if (h.family === 'later') later = true;
    else if (h.family === 'weekday') {
      const word = t.text[h.tokStart]!;
      // "Monday 2nd" names a date: today only when the day of the month matches too.
      const next = t.text[h.tokEnd];
      const dateNamed = next !== undefined && /^\d{1,2}$/.test(next);
      if (clock.isToday(word) && (!dateNamed || Number(next) === Number(clock.time.date.slice(8)))) weekdayToday ??= h;
      else weekdayOther = true;
    }
  }
  const sameDay = today !== null || (weekdayToday !== null && !later);
  return { sameDay, unknown: !sameDay && !later && !weekdayOther && !weekdayToday, evidence: today ?? weekdayToday };
}

/** Where children are to be kept apart decides the topic: the bus or taxi, the class, or an event or trip. */
function separationTopic(t: Tokens, hits: readonly Hit<Family>[]): Topic {
  const sep = best[IDX.separate]!;
  let after: Hit<Family> | null = null;
  let any: Hit<Family> | null = null;
  for (const h of hits) {
    if (h.family !== 'placeBus' && h.family !== 'placeClass' && h.family !== 'placeTrip') continue;
    any ??= h;
    // The place named after the separating words ("a different group from ... on the trip"), not inside them.
    if (!after && h.tokStart >= sep.tokEnd && t.sentence[h.tokStart] === t.sentence[sep.tokStart]) after = h;
  }
  const place = after ?? any;
  if (!place) return 'general';
  return place.family === 'placeBus' ? 'transport' : place.family === 'placeClass' ? 'learning' : 'general';
}

/** The topic of the sender's recent matter this message chases, when it has no matter of its own. */
function chasedMatter(body: string, ctx: TopicContext): TopicDecision | null {
  const history = ctx.history!;
  const now = ctx.receivedAt.getTime();
  let root: HistoryEntry | null = null;
  for (let i = history.length - 1; i >= 0; i--) {
    const e = history[i]!;
    const at = Date.parse(e.receivedAt);
    if (now - at > CHASE_WINDOW_MS) break;
    if (at <= now && e.topic !== 'none') {
      root = e;
      break;
    }
  }
  if (!root) return null;
  const p = readPressure(body);
  // "It's here now, thank you" closes a matter; it does not chase it.
  if (p.polite && !p.chaser && !body.includes('?')) return null;
  const cue = p.chaser ?? p.pressure ?? p.statedEvidence ?? p.reportedEvidence ?? p.consequence ?? p.staffDemand;
  if (!cue) return null;
  const ev: Evidence = { start: cue.start, end: cue.end, text: body.slice(cue.start, cue.end) };
  const note = `chases the sender's earlier message about ${root.topic} (${root.receivedAt})`;
  if (root.topic === 'safeguarding') {
    return { topic: 'safeguarding', topicEvidence: ev, topicConfidence: 0.8, topicNote: note, urgency: 'urgent', urgencyEvidence: ev, urgencyNote: 'every safeguarding concern is urgent' };
  }
  return routine(root.topic, ev, 0.7, note);
}
