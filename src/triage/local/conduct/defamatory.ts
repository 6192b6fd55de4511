/**
 * `defamatory`: a damaging claim stated as fact about staff or the school (stealing, lying,
 * fiddling figures, covering up, bribes, turning up drunk), or announcing that claims about them
 * will go on Facebook, TikTok, WhatsApp or a parents' group. A concern the writer reports from
 * someone else ("my son says Mr Bennett grabbed him"), asks about, or denies is not a claim.
 */
import type { Hit } from './abusive';
import { type ConductContext, findTarget, staffMentions } from './targets';
import { needles } from './needles';
import type { Doc } from './text';

/** Claims that damage a reputation whoever hears them. */
const CLAIM = new RegExp(
  [
    "\\bpocket(?:s|ed|ing)\\s+(?:the|our|my|all|parents'?|people'?s|it|money|that)",
    '\\b(?:steal(?:s|ing)?|stole|nick(?:s|ed|ing)|embezzl\\w*|swindl\\w*)\\b(?!\\s+(?:his|her|my|their)\\s+(?:ball|football|pencil|coat|bag|toy|lunch|crisps|sweets|seat|place))',
    '\\bthiev(?:es|ing)\\b',
    '\\brip(?:s|ped|ping)?\\s+(?:us|parents|people|everyone|families)\\s+off\\b',
    '\\b(?:on\\s+the\\s+fiddle|fiddl(?:e|es|ed|ing)\\s+(?:the\\s+|their\\s+|our\\s+)?(?:figures|books|numbers|register|attendance|results|accounts|money|data|stats|marks))\\b',
    '\\bcook(?:s|ed|ing)?\\s+the\\s+books\\b',
    '\\b(?:massag|doctor|falsif|fabricat|forg)(?:e|es|ed|ing|y|ies|ied)\\s+(?:the\\s+|his\\s+|her\\s+|their\\s+)?(?:figures|numbers|results|stats|data|register|records|attendance|reports?|marks|evidence|signatures?)\\b',
    '\\bchang(?:e|es|ed|ing)\\s+(?:the\\s+)?(?:kids\'?\\s+|children\'?s\\s+)?answers\\b',
    '\\b(?:backhanders?|bribes?|bribed|bribing|kickbacks?|on\\s+the\\s+take|fraud\\w*|corrupt)\\b',
    '\\btak(?:e|es|ing)\\s+(?:money|cash|bribes?)\\s+(?:off|from)\\b',
    '\\b(?:for|into)\\s+(?:himself|herself|themselves|(?:his|her|their)\\s+own\\s+pockets?)\\b(?=[^.!?]*\\b(?:money|cash|funds?)\\b)|\\b(?:money|cash|funds?)\\b[^.!?]{0,40}\\bfor\\s+(?:himself|herself|themselves)\\b',
    "\\b(?:lies|lied|lying|liars?)\\b(?!\\s+(?:down|with|on\\s+the|in\\s+bed|awake|in\\s+the\\s+fact))",
    "\\b(?:mak(?:e|es|ing)\\s+(?:up\\s+(?:\\w+\\s+){0,2}?(?:incidents?|stories|story|attendance|figures|reports?|lies|things|stuff|excuses|behaviour\\s+\\w+|records?)|(?:it|things|stuff|that|this)\\s+up))\\b",
    "\\bmade\\s+up\\s+(?!with\\b|for\\b|that\\b|to\\b|about\\b)(?:[a-z]+'s\\s+|the\\s+|his\\s+|her\\s+|their\\s+)?(?:attendance|figures|incidents?|stories|story|reports?|lies|things|stuff|records?|marks|results|behaviour)\\b|\\bmade\\s+(?:it|things|stuff|that|this)\\s+up\\b",
    '\\bcover(?:s|ed|ing)?\\s+(?:it\\s+|this\\s+|things\\s+|everything\\s+|stuff\\s+|that\\s+)?up\\s+(?:for|what|the\\s+(?:truth|incident|facts|bullying|abuse|injury)|it|everything|that)\\b|\\bcover(?:s|ed|ing)?\\s+(?:it|this|that|things|everything|stuff)\\s+up\\b',
    '\\bkeep\\s+(?:them|kids|children|him|her|pupils)\\s+off\\s+(?:the\\s+)?(?:\\w+\\s+)?(?:figures|books|register|stats|records)\\b|\\boff-?roll(?:ing|ed|s)?\\b|\\bhid(?:e|es|ing)\\s+(?:the\\s+)?(?:exclusions?|figures)\\b',
    '\\b(?:drunk|hungover|stoned|off\\s+(?:his|her|their)\\s+face)\\s+(?:at|in|on|half|all|most)\\b|\\bstank\\s+of\\s+(?:booze|drink|alcohol|weed|wine|beer|cannabis)\\b|\\bdrinks?\\s+(?:on\\s+the\\s+job|at\\s+work|in\\s+school)\\b|\\bon\\s+drugs\\b',
    "\\b(?:is|'s|are|'re)\\s+(?:a\\s+)?(?:racist|racists|paedo|paedophile|nonce|pervert|perv|bent|crook|crooks)\\b",
  ].join('|'),
  'g',
);

/** Damaging only when spread: kept for announced posts and group chats ("how Miss Evans screams at the kids"). */
const SUPPORTING =
  /\b(?:sits?|sat|sitting)\s+on\s+(?:her|his|their)\s+(?:phone|backside|arse|bum)|\bdo(?:es)?\s+nothing\s+all\s+day|\b(?:the\s+)?(?:tas?|others|everyone\s+else)\s+do(?:es)?\s+(?:her|his|their)\s+job|\btalks?\s+about\s+(?:our|the|my)\s+(?:kids|children|families|child|son|daughter)\s+behind|\bscreams?\s+at\s+(?:the\s+)?(?:kids|children|pupils)|\bhow\s+(?:this\s+school|the\s+school|they|you|she|he)\s+treats?\b|\blost\s+(?:\w+\s+){0,3}paperwork|\bblamed\s+me\b|\bcut\s+(?:\w+\s+){0,3}hours\b|\bcan'?t\s+be\s+bothered\b|\b(?:can'?t|doesn'?t|does\s+not|don'?t|never)\s+(?:do|does)\s+(?:her|his|their)\s+(?:job|work)\b/;

const PLATFORM =
  "(?:facebook|fb|face\\s?book|tiktok|tik\\s?tok|whatsapp|whats\\s?app|watsapp|insta(?:gram)?|twitter|snapchat|social\\s+media|online|mumsnet|nextdoor|reddit|youtube|(?:the\\s+)?(?:[a-z0-9]+\\s+){0,3}(?:group\\s+chat|class\\s+chat|parents'?\\s+(?:group|chat|page)|mums'?\\s+(?:group|chat|page)))";
/** The writer announcing a post: "it's going on TikTok", "I'm putting a post on the parents whatsapp", "naming Mr Carter on ...". */
const POST = new RegExp(
  `(?:\\b(?:i'?m|im|i\\s+am|i'?ll|ill|i\\s+will|we'?re|we'?ll|we\\s+will|going\\s+to|gonna|about\\s+to|i'?ve|i\\s+have|we'?ve|i\\s+shall)\\s+(?:be\\s+|already\\s+|now\\s+)?|(?:^|[.!?]\\s+)|\\b(?:and|so)\\s+)(?:put(?:ting)?|post(?:ing|ed)?|shar(?:e|ing|ed)|nam(?:e|ing|ed)|tell(?:ing)?|told|writ(?:e|ing)|wrote|expos(?:e|ing|ed)|plaster(?:ing)?|blast(?:ing)?|screenshot(?:ting|ted)?)\\b[^.!?]{0,80}?\\b${PLATFORM}\\b` +
    `|\\b(?:it'?s|its|it\\s+is|this\\s+is|it'?ll\\s+be|it\\s+will\\s+be|everything'?s|everything\\s+is|all\\s+of\\s+(?:this|it)\\s+is)\\s+(?:all\\s+)?(?:going|gone|being\\s+(?:posted|shared)|going\\s+up)\\s+(?:on|in|onto|up\\s+on)\\s+${PLATFORM}\\b` +
    `|\\b(?:everyone|everybody|all\\s+the\\s+(?:parents|mums|dads)|the\\s+whole\\s+(?:of\\s+)?[a-z0-9 ]{0,20}?)\\s+(?:on|in)?\\s*(?:the\\s+)?(?:[a-z0-9]+\\s+){0,2}?${PLATFORM}\\s+(?:will|is\\s+going\\s+to|'ll|are\\s+going\\s+to|is\\s+gonna)\\s+(?:hear|know|see|find\\s+out)` +
    `|\\b(?:the\\s+)?(?:whole\\s+)?(?:[a-z0-9]+\\s+){0,2}${PLATFORM}\\s+(?:is|are)\\s+(?:going\\s+to|gonna|about\\s+to)\\s+(?:hear|know|see|find\\s+out)`,
  'g',
);
/** With a post, something that makes it about staff or the school and damaging. */
const POST_CONTENT =
  /\beveryone\s+(?:should|needs\s+to|deserves\s+to|is\s+going\s+to|will|'ll)\s+(?:know|see|hear)|\b(?:parents|people|they|everyone)\s+(?:deserve|need|have\s+a\s+right)\s+to\s+know\b|\bso\s+(?:everyone|every\s?body|other\s+parents|all\s+the\s+parents|people)\s+(?:can\s+see|knows?|will\s+know)\s+(?:what|how)|\bexpos\w+|\bname\s+and\s+shame|\bnaming\b|\bscreenshot\w*|\bthe\s+truth\b|\bwhat\s+(?:she|he|they|you|this\s+school)\s+(?:did|does|is|are|has\s+done|really)|\bhow\s+(?:mr|mrs|miss|ms)\.?\s+\w+\s+(?:lost|treats?|treated|spoke|speaks|talks?|shouted|handled|ignored|failed)\b|\babout\s+(?:mr|mrs|miss|ms|the\s+(?:head|senco|school|teacher|ta|office))\b|\bhow\s+(?:this\s+school|the\s+school|they|you|she|he|the\s+\w+)\b/;


/** A group chat already saying it: "All the mums on the WhatsApp are saying it". */
const SPREADING = new RegExp(`\\b(?:all|half|most)\\s+(?:of\\s+)?(?:the\\s+)?(?:mums|parents|dads)\\s+(?:on|in)\\s+(?:the\\s+)?${PLATFORM}\\s+(?:are|have\\s+been)\\s+(?:saying|talking\\s+about)\\s+(?:it|this|that)`, 'g');

/** Every PLATFORM contains one of these: without any, POST and SPREADING cannot match. */
const PLATFORM_HINT = /facebook|fb|face\s?book|tik\s?tok|whats\s?app|watsapp|insta|twitter|snapchat|social\s+media|online|mumsnet|nextdoor|reddit|youtube|chat|group|page/;

const CLAIM_NEEDLES = needles(CLAIM);
const POST_NEEDLES = needles(POST);
const SPREADING_NEEDLES = needles(SPREADING);

const QUESTION_START = /^\s*(?:did|does|do|is|was|has|have|are|were|could|would|can|why\s+(?:did|does|would))\b/;
const DOUBT = /\b(?:don'?t|do\s+not)\s+(?:think|believe|reckon)\b|\bnot\s+(?:saying|suggesting|accusing)\b|\bi\s+doubt\b|\bno\s+way\b|\b(?:isn'?t|wasn'?t|aren'?t|weren'?t|never)\b/;

function claimIsAboutStaff(doc: Doc, ctx: ConductContext, start: number, end: number): { ok: boolean; subjectStart: number | null } {
  const t = findTarget(doc, ctx, start, end, false);
  if (t.negated) return { ok: false, subjectStart: null };
  if (t.kind === 'you' || t.kind === 'staff' || t.kind === 'school') return { ok: true, subjectStart: t.at?.start ?? null };
  if (t.kind === 'self' || t.kind === 'thing' || (t.kind === 'other' && t.how === 'predicate')) return { ok: false, subjectStart: null };
  // The nearest subject to the left in the same sentence: "Mrs Begum cut Noah's hours ... and then lied about it".
  const s = doc.sentenceAt(start);
  const before = doc.lower.slice(s.start, start);
  const lastWords = /(?:\b([a-z']+)\s+(?:(?:has|have|had|been|is|was|are|were|also|then|just|always|even|clearly|obviously|basically|deliberately|now|keeps|kept|still|and|will|would|'s|totally|completely|openly)\s+)*)$/.exec(before);
  const subj = lastWords?.[1];
  if (subj && /^(?:i|we|i've|ive|i'm|im|my|me|son|daughter|he|she|they|kid|child|boy|girl|who)$/.test(subj) && !/^(?:he|she|they)$/.test(subj)) return { ok: false, subjectStart: null };
  const mentions = staffMentions(doc, ctx).filter((m) => m.end <= start && m.start >= s.start);
  if (subj && /^(?:he|she|they)$/.test(subj)) {
    // A pronoun stands for the member of staff named last, unless the writer's child came in between.
    const all = staffMentions(doc, ctx).filter((m) => m.end <= start);
    const last = all[all.length - 1];
    if (!last) return { ok: false, subjectStart: null };
    const between = doc.lower.slice(last.end, start);
    if (/\b(?:my|our)\s+(?:son|daughter|boy|girl|child|kid|lad)\b|\b(?:he|she)\s+(?:says|said|told)\b/.test(between)) return { ok: false, subjectStart: null };
    return { ok: true, subjectStart: last.start };
  }
  const lastMention = mentions[mentions.length - 1];
  if (lastMention && start - lastMention.end <= 100) return { ok: true, subjectStart: lastMention.start };
  return { ok: false, subjectStart: null };
}

/** The first of the strongest hits: a later one replaces it only when strictly more confident. */
function stronger(best: Hit | null, h: Hit): Hit {
  return !best || h.confidence > best.confidence ? h : best;
}

export function findDefamation(doc: Doc, ctx: ConductContext, hasAbuse: boolean): Hit | null {
  const lower = doc.lower;
  let best: Hit | null = null;
  let claimFound = false;

  CLAIM.lastIndex = 0;
  for (let m = doc.mayMatch(CLAIM_NEEDLES) ? CLAIM.exec(lower) : null; m; m = CLAIM.exec(lower)) {
    const span = { start: m.index, end: m.index + m[0].length };
    if (doc.isReported(span)) continue;
    const s = doc.sentenceAt(span.start);
    const sent = lower.slice(s.start, s.end);
    const head = lower.slice(s.start, span.start);
    if (QUESTION_START.test(sent) && /\?\s*$/.test(sent)) continue;
    if (DOUBT.test(head)) continue;
    const who = claimIsAboutStaff(doc, ctx, span.start, span.end);
    if (!who.ok) continue;
    claimFound = true;
    const start = who.subjectStart !== null && span.start - who.subjectStart <= 140 ? who.subjectStart : span.start;
    best = stronger(best, { start, end: span.end, confidence: 0.8, note: `damaging claim about staff or the school stated as fact ("${doc.text({ start, end: span.end })}")` });
  }

  // Both pre-tests are sound; the platform one is the sharper, the literal one the cheaper, so it goes first.
  const platform = (doc.mayMatch(POST_NEEDLES) || doc.mayMatch(SPREADING_NEEDLES)) && PLATFORM_HINT.test(lower);
  POST.lastIndex = 0;
  for (let m = platform && doc.mayMatch(POST_NEEDLES) ? POST.exec(lower) : null; m; m = POST.exec(lower)) {
    const lead = m[0].length - m[0].trimStart().replace(/^[.!?]\s*/, '').length;
    const span = { start: m.index + lead, end: m.index + m[0].length };
    if (doc.isReported(span)) continue;
    if (claimFound || hasAbuse || POST_CONTENT.test(lower) || (SUPPORTING.test(lower) && staffMentions(doc, ctx).length > 0)) {
      best = stronger(best, { ...span, confidence: 0.85, note: `announces posting about staff or the school on social media or a parents' group ("${doc.text(span)}")` });
    }
  }

  SPREADING.lastIndex = 0;
  for (let m = platform && doc.mayMatch(SPREADING_NEEDLES) ? SPREADING.exec(lower) : null; m; m = SPREADING.exec(lower)) {
    const span = { start: m.index, end: m.index + m[0].length };
    if (doc.isReported(span)) continue;
    if (claimFound || hasAbuse || SUPPORTING.test(lower)) best = stronger(best, { ...span, confidence: 0.7, note: `says a parents' group is spreading the claim ("${doc.text(span)}")` });
  }
  return best;
}
