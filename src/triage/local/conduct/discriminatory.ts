/**
 * `discriminatory`: slurs, and remarks that treat people as a group by race, nationality, religion,
 * disability, sexuality or sex. An identity word alone is neutral ("my son is gay", "we are
 * Muslim", "he has autism"); it becomes discriminatory with a generalising or excluding construction
 * near it ("... we all know what they're like", "keep my daughter away from the traveller kids",
 * "not having a gay man take my son swimming"), a stereotype ("women can't handle lads like mine"),
 * or a claim that someone got a job for who they are ("to tick a box").
 */
import type { Hit } from './abusive';
import type { SwearHit } from './swearing';
import { needles } from './needles';
import type { Doc } from './text';

const GROUP_ADJ =
  "asian|black|white|african|caribbean|jamaican|pakistani|indian|bangladeshi|chinese|polish|romanian|bulgarian|lithuanian|latvian|albanian|slovak|czech|eastern\\s+european|foreign|immigrant|migrant|refugee|muslim|islamic|jewish|sikh|hindu|catholic|gypsy|gipsy|traveller|roma|irish|somali|nigerian|arab|turkish|kurdish|syrian|afghan|english|british|gay|lesbian|trans|transgender|bisexual|disabled|autistic|deaf|blind|sen|special\\s+needs|handicapped|coloured|ethnic|asylum";
const GROUP_NOUN =
  "kids?|children|child|boys?|girls?|lads?|family|families|people|man|men|woman|women|lady|ladies|teachers?|ta|tas|parents?|mums?|dads?|lot|ones|folk|community|pupils?|staff|lady|supply\\s+teacher|neighbours?|couple|bloke|fella|seekers?";
const GROUP_PLURAL =
  "asians|blacks|whites|africans|pakistanis|indians|poles|romanians|bulgarians|lithuanians|albanians|eastern\\s+europeans|foreigners|immigrants|migrants|refugees|asylum\\s+seekers|muslims|jews|sikhs|hindus|catholics|gypsies|gipsies|travellers|somalis|nigerians|arabs|turks|kurds|syrians|afghans|gays|lesbians|homosexuals|the\\s+disabled|wheelchairs?|headscarf|headscarves|hijabs?|burkas?|burqas?|niqabs?|turbans?|came\\s+over\\s+here|(?:since|when)\\s+(?:they|he|she)\\s+came\\s+over";
const IDENTITY_SRC = `(?:(?:${GROUP_ADJ})\\s+(?:\\w+\\s+)?(?:${GROUP_NOUN})|${GROUP_PLURAL})`;
const IDENTITY = new RegExp(`\\b${IDENTITY_SRC}\\b`, 'g');

/** Said of a group named nearby: generalising, othering, excluding. */
const GENERALISING = new RegExp(
  [
    "\\b(?:they'?re|they\\s+are|theyre|their\\s+(?:sort|kind|lot)\\s+are|that\\s+lot\\s+are|those\\s+people\\s+are|these\\s+people\\s+are|them\\s+lot\\s+are)\\s+(?:all\\s+|always\\s+|just\\s+)+(?:the\\s+same|thieves|liars|criminals|crooks|violent|dirty|filthy|smelly|lazy|scroungers|trouble|animals|feral|thick|stupid|dangerous|unpredictable|terrorists|bad|rough|scum|vermin|like\\s+that|as\\s+bad|on\\s+benefits|savages|a\\s+nightmare|nasty)",
    '\\b(?:their|that|this|those|them|these|his|her)\\s+(?:sort|kind|type|lot|people)\\b(?!\\s+(?:of|out|in\\s+the|to\\s+do|is\\s+(?:on|in|at)))',
    "\\b(?:we|you)\\s+(?:all\\s+)?know\\s+what\\s+(?:they'?re|they\\s+are|theyre|them|their\\s+lot|that\\s+lot|those\\s+people|these\\s+people)\\s+(?:are\\s+)?like\\b",
    "\\bi\\s+(?:don'?t|do\\s+not|wouldn'?t|would\\s+never|will\\s+never)\\s+trust\\s+(?:them|any\\s+of\\s+them|that\\s+lot|their\\s+sort|her|him|people\\s+like)",
    '\\bnot\\s+like\\s+(?:them|us)\\b',
    "\\b(?:don'?t|never)\\s+(?:even\\s+)?(?:value|care\\s+about|respect|belong|fit\\s+in|wash|work|pay\\s+(?:tax|their\\s+way))\\b",
    '\\bnothing\\s+but\\s+(?:trouble|bother|thieves|scroungers)\\b',
    "\\b(?:shouldn'?t|should\\s+not|should\\s+never)\\s+be\\s+(?:allowed|here|teaching|working|in\\s+(?:this|our|a)\\s+(?:country|school))\\b",
    '\\b(?:dragging|drag|drags)\\s+(?:him|her|them|the\\s+class|everyone)\\s+down\\b|\\bholding\\s+(?:him|her|them|the\\s+class|everyone)\\s+back\\b',
    '\\bwho\\s+dribble\\b',
    "\\b(?:it'?s|its|that'?s)\\s+not\\s+natural\\b",
    '\\bone\\s+of\\s+them\\b',
    "\\b(?:can'?t|don'?t|doesn'?t|cannot)\\s+even\\s+speak\\s+(?:proper\\s+)?english\\b|\\bspeak\\s+english\\s+properly\\b",
    '\\b(?:more|proper|real)\\s+(?:english|british|white)\\s+(?:kids|children|teachers?|families|people)\\b|\\btaught\\s+by\\s+(?:british|english|proper|white)\\b',
    '\\bpeople\\s+like\\s+(?:her|him|them|that)\\b',
    '\\btaking\\s+over\\b|\\bruin(?:ing|ed|s)?\\s+(?:this|the|our)\\s+(?:school|country|area)\\b',
    '\\b(?:hold|holds|holding|slow|slows|slowing)\\s+(?:them|everyone|everybody|the\\s+(?:whole\\s+)?(?:class|rest|others|group|other\\s+(?:kids|children)))\\s+(?:all\\s+)?(?:up|down|back)\\b',
    '\\btheir\\s+ways\\b',
    '\\bnot\\s+fair\\s+on\\s+the\\s+normal\\s+(?:kids|children|pupils|ones|people)\\b',
    "\\b(?:they|them|their\\s+lot|that\\s+lot|those\\s+people)\\s+(?:always\\s+|all\\s+)?(?:get|gets|getting)\\s+(?:special\\s+treatment|treated\\s+(?:better|differently)|preferential|away\\s+with\\s+(?:everything|it|murder))",
  ].join('|'),
  'g',
);

/** Discriminatory whoever they are said about: xenophobic dismissals and hiring-for-identity claims. */
const ALONE = new RegExp(
  [
    '\\bgo\\s+back\\s+(?:to\\s+)?where\\s+(?:they|he|she|you|them)\\s+(?:came|come)\\s+from\\b',
    '\\bgo\\s+back\\s+to\\s+(?:their|your|his|her)\\s+own\\s+country\\b',
    "\\bgo\\s+back\\s+to\\s+[a-z]+\\s+if\\s+(?:you|they|he|she)\\s+(?:don'?t|doesn'?t)\\s+like\\b",
    '\\b(?:they|he|she|them)\\s+(?:should|can|need\\s+to|ought\\s+to)\\s+(?:all\\s+)?go\\s+back\\s+(?:home|to|where)\\b',
    "\\blearn\\s+(?:some\\s+|proper\\s+)?english\\s+(?:before|or|first|if)\\b",
    "\\b(?:job|post|role|position|promotion|hired|appointed|employed|promoted)\\b[^.!?]{0,40}\\bto\\s+tick\\s+(?:a|the|some)\\s+box(?:es)?\\b",
    "\\b(?:got|get|given|gave|landed)\\s+(?:\\w+\\s+){0,3}?(?:job|post|role|position|promotion)\\s+(?:because|cos|cause|coz|cuz|'cause|as)\\s+(?:she'?s|he'?s|they'?re|of\\s+(?:her|his|their))\\s+(?:a\\s+)?(?:\\w+\\s+)?(?:" +
      GROUP_ADJ +
      '|woman|a\\s+woman|female)\\b',
    '\\bdiversity\\s+(?:hire|quota|box)\\b|\\btoken\\s+(?:black|asian|muslim|gay|woman|female)\\b',
  ].join('|'),
  'g',
);

/** Keeping a child apart from, or refusing, a group or a person because of who they are. */
const EXCLUDING = new RegExp(
  "\\b(?:not\\s+having|won'?t\\s+have|don'?t\\s+want|do\\s+not\\s+want|refuse\\s+to\\s+(?:have|let)|(?:i'?m|im|we'?re|i\\s+am|we\\s+are)\\s+not\\s+(?:comfortable|happy)\\s+with|object\\s+to|rather\\s+not\\s+have|not\\s+letting|not\\s+allowing|keep\\s+(?:\\w+\\s+){0,2}?away\\s+from|(?:stop|don'?t|not|isn'?t|aren'?t|never)\\s+(?:be\\s+)?(?:putting|put|paired|pairing|sat|sit|sitting|grouped|placed|mixing|playing|partnered|in\\s+(?:a|the\\s+same)\\s+(?:group|team|class|pair))\\s+(?:\\w+\\s+)?(?:with|next\\s+to|near|beside|in\\s+the\\s+same\\s+\\w+\\s+as)|moved?\\s+(?:\\w+\\s+)?(?:away\\s+from|out\\s+of))\\s+(?:\\w+\\s+){0,4}?(?:(?:on|in|at)\\s+the\\s+same\\s+\\w+\\s+as\\s+(?:the\\s+|those\\s+|them\\s+|that\\s+|these\\s+)?)?" +
    IDENTITY_SRC +
    '\\b',
  'g',
);
const BEHAVIOUR_REASON = /\bwho\s+(?:has|'s|keeps|kept|is|was|had)\s+(?:been\s+)?(?:hitting|kicking|pushing|biting|bullying|hurting|pinching|scratching|punching|hit|kicked|pushed|bitten|bullied|hurt)\b/;

/** Sex stereotypes: "women can't handle lads like mine", "a woman who'll get all emotional", "men shouldn't be allowed near little girls". */
const SEX_STEREOTYPE =
  /\b(?:women|woman|females?|girls|ladies|men|males?|blokes?)\s+(?:(?:just|always|all|generally|never|simply)\s+)?(?:can'?t|cannot|can\s+not|shouldn'?t|should\s+not|don'?t|aren'?t|are\s+(?:too|all|just|always|no\s+good)|always|just|get\s+all|are)\s+(?:\w+\s+){0,2}?(?:handle|cope|manage|control|emotional|hysterical|panic|soft|weak|good\s+at\s+(?:discipline|maths|sport|football)|do\s+(?:maths|football|discipline|the\s+job|science)|be\s+(?:trusted|allowed|teachers?|in\s+charge)|allowed\s+near|be\s+allowed|trusted\s+(?:with|near))\b|\b(?:women|men|males?|females?|blokes?)\s+(?:shouldn'?t|should\s+not|should\s+never|can'?t|cannot|mustn'?t|must\s+not|have\s+no\s+business)\s+(?:be\s+)?(?:looking\s+after|teaching|working\s+with|in\s+charge\s+of|alone\s+with|changing|near|around|allowed\s+(?:near|around|to)|doing\s+(?:that|this|the|a\s+\w+'?s?)\s+job)\b|\b(?:a|some|the)\s+(?:woman|women|female|girl|lady)\s+(?:who'?ll|who\s+will|that'?ll|who\s+would|who'?d|who)\s+(?:\w+\s+){0,2}?(?:emotional|hysterical|cry|panic|go\s+to\s+pieces)\b/g;

/** Hostile orders about someone labelled by identity: "Tell that lesbian PE teacher to stop ...". */
const LABELLED_ORDER = new RegExp(`\\btell\\s+(?:that|the|this|those)\\s+${IDENTITY_SRC}\\s+(?:[^.!?]{0,30}?\\s)?to\\s+(?:stop|keep|learn|go\\s+back|get\\s+out|stay\\s+away|leave)\\b`, 'g');

const IDENTITY_NEEDLES = needles(IDENTITY);
const GENERALISING_NEEDLES = needles(GENERALISING);
const ALONE_NEEDLES = needles(ALONE);
const EXCLUDING_NEEDLES = needles(EXCLUDING);
const SEX_STEREOTYPE_NEEDLES = needles(SEX_STEREOTYPE);
const LABELLED_ORDER_NEEDLES = needles(LABELLED_ORDER);

export interface DiscriminationResult {
  discriminatory: Hit | null;
  /** Slurs are name-calling too. */
  abusive: Hit | null;
}

function best(a: Hit | null, b: Hit): Hit {
  return a && a.confidence >= b.confidence ? a : b;
}

/** The strongest of `disc` and the own-words matches of `re`; `unlessBehaviour` skips sentences that give a behaviour as the reason. */
function scan(doc: Doc, disc: Hit | null, re: RegExp, id: number, confidence: number, what: string, unlessBehaviour: boolean): Hit | null {
  const lower = doc.lower;
  re.lastIndex = 0;
  for (let m = doc.mayMatch(id) ? re.exec(lower) : null; m; m = re.exec(lower)) {
    const span = { start: m.index, end: m.index + m[0].length };
    if (doc.isReported(span)) continue;
    if (unlessBehaviour) {
      const s = doc.sentenceAt(span.start);
      if (BEHAVIOUR_REASON.test(lower.slice(s.start, s.end))) continue;
    }
    disc = best(disc, { ...span, confidence, note: `${what} ("${doc.text(span)}")` });
  }
  return disc;
}

export function findDiscrimination(doc: Doc, swears: readonly SwearHit[]): DiscriminationResult {
  const lower = doc.lower;
  let disc: Hit | null = null;
  let abusive: Hit | null = null;

  for (const h of swears) {
    if (h.entry.kind !== 'slur' || doc.isReported(h)) continue;
    const text = doc.body.slice(h.start, h.end);
    disc = best(disc, { start: h.start, end: h.end, confidence: 0.95, note: `slur ("${text}")` });
    abusive = best(abusive, { start: h.start, end: h.end, confidence: 0.9, note: `slur used as name-calling ("${text}")` });
  }

  disc = scan(doc, disc, ALONE, ALONE_NEEDLES, 0.85, 'discriminatory remark', false);
  disc = scan(doc, disc, SEX_STEREOTYPE, SEX_STEREOTYPE_NEEDLES, 0.8, 'sex stereotype', false);
  disc = scan(doc, disc, LABELLED_ORDER, LABELLED_ORDER_NEEDLES, 0.7, 'hostile order about someone named by identity', false);
  disc = scan(doc, disc, EXCLUDING, EXCLUDING_NEEDLES, 0.8, 'excludes people by identity', true);

  // Generalisations count when a group is named in the same or the previous sentence.
  if (disc === null || (disc as Hit).confidence < 0.8) {
    IDENTITY.lastIndex = 0;
    if (doc.mayMatch(IDENTITY_NEEDLES) && IDENTITY.test(lower)) {
      GENERALISING.lastIndex = 0;
      for (let m = doc.mayMatch(GENERALISING_NEEDLES) ? GENERALISING.exec(lower) : null; m; m = GENERALISING.exec(lower)) {
        const span = { start: m.index, end: m.index + m[0].length };
        if (doc.isReported(span)) continue;
        const s = doc.sentenceAt(span.start);
        const prev = doc.neighbourSentence(span.start, -1);
        const from = prev ? prev.start : s.start;
        IDENTITY.lastIndex = from;
        let idm: RegExpExecArray | null = null;
        for (let im = IDENTITY.exec(lower); im && im.index < s.end; im = IDENTITY.exec(lower)) {
          if (!doc.isReported({ start: im.index, end: im.index + im[0].length })) {
            idm = im;
            break;
          }
        }
        if (!idm) continue;
        const start = idm.index < span.start && span.end - idm.index <= 200 ? idm.index : span.start;
        disc = best(disc, { start, end: span.end, confidence: 0.8, note: `generalises about a group ("${doc.text(span)}" with "${doc.body.slice(idm.index, idm.index + idm[0].length)}")` });
      }
    }
  }
  return { discriminatory: disc, abusive };
}
