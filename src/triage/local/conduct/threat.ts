/**
 * `threat`: violence or harm the writer (or people with them) will do, intimidation and veiled
 * threats, announced confrontations, and threats to disrupt the school. Saying you will go to
 * Ofsted, the governors, the council, your MP, the papers or a solicitor is not a threat; nor is
 * keeping a child off school. A threat the writer reports someone else making is not theirs.
 */
import type { Hit } from './abusive';
import { type ConductContext, ROLE_SOURCE } from './targets';
import { needles } from './needles';
import type { Doc } from './text';

/**
 * The subject nearest before a violent verb decides whose act it is: the writer's future ("I'll",
 * "ill", "we're gonna", "my brothers will", "I swear I'll") makes it a threat; "he", "they", plain
 * "I" (past or negated: "I won't") do not. Subjects of subordinate clauses ("where you live") are skipped.
 */
const SUBJECT_MARK =
  /\b(?:(i\s*'?ll|ill|i\s+will|i\s+shall|i\s*'?d|i\s+would|i\s*'?m\s+(?:going\s+to|gonna|gunna)|im\s+(?:going\s+to|gonna|gunna)|i\s+am\s+(?:going\s+to|gonna)|imma|we\s*'?ll|we\s+will|we\s*'?re\s+(?:going\s+to|gonna)|we\s+are\s+(?:going\s+to|gonna)|(?:my|his|her|our)\s+(?:\w+\s+)?(?:partner|husband|hubby|fella|boyfriend|brothers?|dad|family|cousins?|mates?|uncles?|wife|girlfriend|lads|sons?)\s+(?:will|'ll|would|'d|are\s+going\s+to|is\s+going\s+to|are\s+gonna|is\s+gonna))|(i\s+want\s+to|i'?d\s+(?:like|love)\s+to|i\s+could)|((?:where|what|when|which|that|who|how|if|unless|till|until|because|cos|before|after|while)\s+(?:he|she|they|you|it|i|we)|he|she|they|you|u|someone|somebody|it|who|i|we|nobody|anyone))\b(?!\s+(?:not|never)\b)(?!\s*n't)/g;

/** 'threat' when the writer will do it, 'wish' when they want to, null when someone else is the subject. */
function whoseAct(lower: string, sentenceStart: number, at: number): 'threat' | 'wish' | null {
  const prefix = lower.slice(sentenceStart, at);
  let kind: 'threat' | 'wish' | null = null;
  SUBJECT_MARK.lastIndex = 0;
  for (let m = SUBJECT_MARK.exec(prefix); m; m = SUBJECT_MARK.exec(prefix)) {
    if (m[1]) kind = /\b(?:not|never)\s*$/.test(prefix.slice(m.index + m[0].length, m.index + m[0].length + 8)) ? null : 'threat';
    else if (m[2]) kind = /could\s+(?:have|of)\b/.test(prefix.slice(m.index, m.index + m[0].length + 8)) ? null : 'wish';
    else if (m[3] && !/^(?:where|what|when|which|that|who|how|if|unless|till|until|because|cos|before|after|while)\s/.test(m[3])) kind = null;
  }
  return kind;
}

/** Someone to be hurt: a pronoun, "that driver", "the TA", "Mr Hughes", "that kid's dad", "them kids". */
const PERSON =
  `(?:them\\s+(?:\\w+\\s+)?(?:kids|lads|boys|girls|children)|(?:that|the|this|your|his|her|their|those|some)\\s+(?:\\w+\\s+){0,2}?(?:driver|teacher|ta|woman|man|kid|boy|girl|lad|child|escort|bloke|cow|witch|bitch|idiot|dad|mum|mother|father|family|receptionist|lady|staff|teachers|kids|boys|girls|lads|twat|prick|dickhead|thug)(?:'s\\s+(?:mum|dad|mother|father))?|(?:mr|mrs|miss|ms)\\.?\\s+[a-z][a-z'-]+|him|her|them|you|u|ya|'em|em|you\\s+all|you\\s+lot|the\\s+lot\\s+of\\s+(?:you|them)|${ROLE_SOURCE})`;

const BODY = "(?:his|her|their|your|ur|[a-z]+'s)\\s+(?:\\w+\\s+)?";

const VIOLENCE = new RegExp(
  '\\b(?:' +
    [
      `(?:sort|deal\\s+with)\\s+(${PERSON})(?:\\s+out)?(?=\\s+(?:myself|personally|me\\s*self|properly|good\\s+and\\s+proper)\\b)`,
      // the consequence of an ultimatum: "sort it or I'll sort him out", "... or we will deal with that family"
      `(?<=\\bor\\s+(?:else\\s+)?(?:i'?ll|ill|i\\s+will|we'?ll|we\\s+will|i'?m\\s+going\\s+to|im\\s+(?:going\\s+to|gonna))\\s+)(?:sort|deal\\s+with)\\s+(him|her|them|'em|(?:that|the|this|his|her|their)\\s+(?:\\w+\\s+)?(?:kid|boy|girl|lad|child|dad|mum|family|driver|teacher|ta|man|woman|bloke))(?:\\s+out)?\\b`,
      `sort\\s+((?:that|the|this|those|them|his|her|your)\\s+(?:\\w+\\s+)?(?:driver|teacher|ta|woman|man|kid|boy|girl|lad|child|escort|bloke|dad|mum|kids|lads)(?:'s\\s+(?:mum|dad))?|(?:mr|mrs|miss|ms)\\.?\\s+[a-z]+)\\s+out`,
      `knock\\s+(${PERSON})\\s+(?:out|spark\\s+out|flat|clean\\s+out|into\\s+next\\s+week|for\\s+six|down|senseless)`,
      `knock\\s+${BODY}(?:block|head|teeth|lights|face|brains)\\s+(?:off|in|out)`,
      `(?:punch|smack|slap|hit|batter|deck|lamp|thump|whack|belt|kick|headbutt|nut|strangle|throttle|stab|kill|murder|hurt|attack|beat|bash|glass|bottle|twat|leather|wallop|clobber|chin|flatten|knife|shoot|choke|drag|floor|boot|smash)\\s+(${PERSON})(?!\\s+(?:off|up|in\\s+the\\s+(?:morning|afternoon)|at\\s+\\d|to\\s+school|a\\s+(?:text|message|line|email)))`,
      `put\\s+(${PERSON})\\s+(?:through\\s+(?:a|the|his|her|their|that)\\s+\\w+|on\\s+(?:his|her|their|your)\\s+(?:backside|arse|ass|back|bum)|in\\s+(?:hospital|a\\s+wheelchair|the\\s+ground|an\\s+ambulance|a\\s+coffin|a\\s+box)|six\\s+feet\\s+under)`,
      `(?:put|lay|get)\\s+(?:my|mine|our)\\s*(?:hands?|fists?|fingers?)?\\s+on\\s+(${PERSON})`,
      `give\\s+(${PERSON})\\s+(?:a\\s+(?:good\\s+|proper\\s+)?(?:slap|smack|hiding|kicking|beating|battering|thump|punch|clip|going[\\s-]over|black\\s+eye|fat\\s+lip|bloody\\s+nose)|what\\s+for|something\\s+to\\s+cry\\s+about)`,
      `(?:break|snap|smash)\\s+${BODY}(?:neck|legs?|arms?|nose|jaw|face|fingers|hands?|teeth|head|skull|back|kneecaps?)`,
      `(?:kick|smash|cave|stove|punch)\\s+${BODY}(?:head|face|teeth)\\s+in`,
      `(?:wring|ring)\\s+${BODY}necks?`,
      `rip\\s+${BODY}(?:head|face|throat|hair|arms?|eyes)\\s+(?:off|out)`,
      `(?:smash|put\\s+a\\s+brick\\s+through|brick|torch|burn(?:\\s+down)?|set\\s+fire\\s+to|trash|wreck|kick\\s+(?:down|in)|put\\s+(?:the|your|that|his|her)\\s+windows?\\s+in)\\s+(?:that|the|your|his|her|their|this)\\s+(?:\\w+\\s+){0,2}?(?:window|windows|car|door|doors|house|office|classroom|school|gate|gates|place|reception|building|tyres)`,
      `smash\\s+(?:that|the|your|his|her|their|this)\\s+(?:\\w+\\s+)?(?:window|windows|car|door|doors|office|classroom|place|reception)`,
      `make\\s+(?:your|her|his|their)\\s+li(?:fe|ves)\\s+(?:hell|a\\s+(?:living\\s+)?(?:hell|misery|nightmare))`,
      `(?:end|finish)\\s+(?:you|him|her|them)(?:\\s+off)?\\b`,
      `(?:have|get)\\s+(?:him|her|them|you)\\s+(?:done\\s+in|seen\\s+to|sorted\\s+out)`,
      `(?:have|having)\\s+(?:a\\s+word|words|it\\s+out)\\s+with\\s+(${PERSON})\\s+(?:myself|personally|in\\s+the\\s+(?:playground|car\\s+park|street)|at\\s+the\\s+gates?)`,
      `have\\s+(?:it|this)\\s+out\\b`,
      `kick\\s+(?:your|ur|his|her|their)\\s+(?:ass|arse|butt|backside|head|teeth)\\b`,
      `(?:find|track|hunt)\\s+(?:you|him|her|them)\\s+down\\b|find\\s+out\\s+where\\s+(?:you|he|she|they)\\s+lives?\\b|come\\s+(?:round|to)\\s+(?:your|his|her|their)\\s+(?:house|home|door)`,
      `(?:block|blockade|barricade)\\s+(?:the|your|this|that)\\s+(?:school\\s+)?(?:gates?|entrance|road|car\\s*park|drive|doors?)|(?:shut|close)\\s+(?:the|your|this|that)\\s+school\\s+down`,
    ].join('|') +
    ')',
  'g',
);

/** Intimidation without a violent verb. Each entry: pattern, confidence, note; `generic` ones yield to an official channel. */
const VEILED: { re: RegExp; confidence: number; note: string; generic?: boolean }[] = [
  { re: /\bknows?\s+where\s+(?:\w+\s+){1,3}?(?:lives?|parks?|drinks|sleeps|walks|stays|gets\s+the\s+bus|goes\s+(?:after|home))\b/g, confidence: 0.85, note: 'says they know where someone lives or goes' },
  { re: /\bi\s+know\s+(?:exactly\s+)?(?:which|what)\s+(?:car|way|time|house|route|bus|gym|pub|road|street)\s+(?:\w+\s+){0,4}?(?:is\s+(?:his|hers|theirs)|drives?|finishes|leaves|walks|gets|goes|parks|arrives|lives)\b/g, confidence: 0.8, note: "says they know a member of staff's car or movements" },
  { re: /\bi\s+know\s+(?:his|her|your|their)\s+(?:reg|registration|address|car|house|kids)\b/g, confidence: 0.8, note: "says they know someone's car or address" },
  { re: /\b(?:wants?|had\s+better|'d\s+better|better|ought\s+to)\s+(?:to\s+)?(?:watch|mind)\s+(?:himself|herself|yourself|yourselves|themselves|(?:his|her|your|their)\s+(?:back|step|mouth|tongue)|out)\b(?!\s+for\b)/g, confidence: 0.85, note: 'warns someone to watch themselves' },
  { re: /\b(?:needs?|need)\s+to\s+watch\s+(?:his|her|your|their)\s+(?:back|step|mouth|tongue)\b/g, confidence: 0.75, note: 'warns someone to watch themselves' },
  { re: /\bwatch\s+(?:your|ur|his|her|their)\s+backs?\b/g, confidence: 0.8, note: 'warns someone to watch their back' },
  { re: /\b(?:you'?ll|you\s+will|then\s+you'?ll)\s+(?:soon\s+)?see\s+what\s+(?:happens|will\s+happen|i'?ll\s+do|i'?m\s+capable\s+of)\b/g, confidence: 0.8, note: "'you'll see what happens'", generic: true },
  { re: /\b(?:me|again|that|it)\s+and\s+(?:you'?ll\s+)?see\s+what\s+(?:happens|will\s+happen)\b/g, confidence: 0.8, note: "'... and see what happens'", generic: true },
  { re: /\bi'?m\s+warning\s+(?:you|u|ya|all\s+of\s+you)\b/g, confidence: 0.75, note: "'I'm warning you'", generic: true },
  { re: /\b(?:you'?ve|you\s+have)\s+been\s+warned\b|\bconsider\s+(?:yourself|yourselves)\s+warned\b|\bdon'?t\s+say\s+i\s+didn'?t\s+warn\s+you\b/g, confidence: 0.75, note: 'a warning', generic: true },
  { re: /\b(?:you'?ll|you\s+will|they'?ll|he'?ll|she'?ll|you'?re\s+going\s+to)\s+(?:\w+\s+)?(?:regret\s+(?:it|this|that)|be\s+sorry)(?=\s*(?:$|[.!,]|if|when|mate|i\s+promise|trust\s+me))/g, confidence: 0.75, note: "'you'll regret it'", generic: true },
  { re: /\bthere(?:'?ll|\s+will|'?s\s+going\s+to|\s+is\s+going\s+to|\s+would|'?d)\s+be\s+(?:\w+\s+)?(?:trouble|murders?|hell\s+to\s+pay|blood(?:shed)?|war|a\s+riot|fireworks|bother|consequences|a\s+fight|a\s+scene|a\s+kick\s?-?off)\b(?!\s+(?:getting|finding|parking|with\s+(?:the\s+)?(?:traffic|parking|roadworks)))/g, confidence: 0.8, note: "'there'll be trouble'", generic: true },
  { re: /(?:^|[.!?]\s*)try\s+me\b/g, confidence: 0.75, note: "'try me'" },
  { re: /\b(?:don'?t|do\s+not)\s+(?:test|push|try)\s+me\b|\bkeep\s+pushing\s+me\b/g, confidence: 0.65, note: 'tells staff not to push them', generic: true },
  { re: /\b(?:be|it'?d\s+be|it\s+would\s+be|would\s+be|'d\s+be)\s+a\s+(?:shame|pity)\s+if\s+(?:something|anything)\s+(?:happened|were\s+to\s+happen|was\s+to\s+happen)\b/g, confidence: 0.85, note: "'be a shame if something happened'" },
  { re: /\b(?:won'?t|will\s+not|can'?t|cannot)\s+be\s+(?:held\s+)?responsible\s+for\s+(?:my|our|what\s+i|what\s+we|his|their)\b|\bnot\s+responsible\s+for\s+my\s+actions\b/g, confidence: 0.8, note: "'won't be responsible for my actions'" },
  { re: /\b(?:he|she|they|you)\s*(?:'s|'re|\s+is|\s+are|\s+will\s+be|'ll\s+be|s)\s+(?:so\s+|literally\s+|actually\s+)?dead(?:\s+meat)?(?=\s*(?:if|when|mate|i\s+swear|the\s+(?:minute|second|moment)))|\b(?:you'?re|you\s+are|ur)\s+dead\s+meat\b/g, confidence: 0.85, note: "says someone is 'dead'" },
  { re: new RegExp(`\\b(?:sort|deal\\s+with)\\s+(?:${PERSON})(?:\\s+out)?\\s+before\\s+i\\s+do\\b`, 'g'), confidence: 0.85, note: "'sort them out before I do'" },
  { re: /\b(?:will|'ll|gonna|going\s+to)\s+(?:be\s+)?(?:leaving|going\s+home|go\s+home|end\s+up|need(?:ing)?)\s+(?:in|on|an?)\s+(?:an?\s+)?(?:ambulance|stretcher|hospital|body\s+bag)\b/g, confidence: 0.85, note: 'says someone will need an ambulance' },
  { re: /\b(?:or\s+else|or\s+there'?ll\s+be)\b(?=[^.!?]{0,40}\b(?:hurt|trouble|sorry)\b)/g, confidence: 0.7, note: "'or else' with harm", generic: true },
  { re: /\bi\s+hope\s+(?:you|he|she|they|u)\s+(?:\w+\s+)?(?:die|dies|get\s+hurt|gets\s+hurt|rot|burn|get\s+run\s+over|gets\s+run\s+over|choke)\b/g, confidence: 0.65, note: 'wishes harm on someone' },
  { re: /\b(?:funny|strange|odd|shame|amazing|sad)\s+how\s+(?:\w+\s+){0,3}?accidents?\s+(?:can\s+|do\s+|seem\s+to\s+|tend\s+to\s+)?happen\b|\baccidents?\s+(?:can\s+|do\s+|tend\s+to\s+|have\s+a\s+way\s+of\s+)?happen(?:ing)?\s+to\s+(?:people|those|anyone|teachers?|staff|(?:mr|mrs|miss|ms)\b)/g, confidence: 0.8, note: "'accidents happen to people ...'" },
  { re: /\b(?:upset|upsets|upsetting|cross|crosses|crossed|crossing|mess(?:es|ed|ing)?\s+with)\s+the\s+wrong\s+(?:people|person|family|families|man|men|folk|lot)\b/g, confidence: 0.75, note: "warns of crossing 'the wrong people'", generic: true },
  { re: /\bpeople\s+like\s+(?:you|her|him|them)\s+(?:\w+\s+)?end\s+up\s+(?:regretting|getting\s+hurt|hurt|sorry|in\s+(?:hospital|a\s+ditch|a\s+box))\b|\b(?:you|she|he|they)(?:'ll|\s+will)?\s+(?:\w+\s+)?end\s+up\s+regretting\s+(?:it|this|that|things)\b/g, confidence: 0.75, note: "'people like you end up regretting it'", generic: true },
  { re: /\b(?:remember|think\s+(?:about|of))\s+(?:that|this|me|it)\s+when\s+(?:you'?re|you\s+are|she'?s|he'?s|she\s+is|he\s+is|you)\s+(?:\w+\s+){0,2}?(?:locking\s+up|on\s+(?:your|her|his)\s+own|alone|walking|driving|leaving|in\s+the\s+car\s*park|getting\s+in(?:to)?|going\s+home|out\s+(?:tonight|late))\b/g, confidence: 0.8, note: 'reminds someone of a moment they are alone or leaving' },
  { re: /\b(?:he|she|they|you)\s+won'?t\s+know\s+what'?s?\s+(?:hit|happened\s+to)\s+(?:him|her|them|you)\b|\bget\s+what'?s\s+coming\s+to\s+(?:him|her|them|you)\b/g, confidence: 0.8, note: 'veiled threat' },
];

const VIOLENCE_NEEDLES = needles(VIOLENCE);
const VEILED_NEEDLES = VEILED.map((v) => needles(v.re));

/** "Me and the other dads are coming down Friday to block the school gates": disruption with the writer's own party. */
const BLOCK = /\b(?:block(?:ade|ing)?|barricad\w+|chain\s+(?:myself|ourselves)\s+to)\s+(?:the\s+|your\s+|this\s+)?(?:school\s+)?(?:gates?|entrance|front\s+door|car\s*park|drive)\b/g;
const BLOCK_NEEDLES = needles(BLOCK);

/** Announcing a confrontation: "I'll be at your classroom door at 8.30 and we'll do this in front of everyone". */
const BE_THERE = /\b(?:i'?ll|ill|i\s+will|we'?ll|we\s+will|i'?m\s+(?:going\s+to|gonna)|im\s+(?:going\s+to|gonna)|i'?m|im|we'?re|i\s+am)\s+(?:be\s+|coming\s+|going\s+)?(?:waiting|stood|standing|outside|at|in|round|sat|down|up|coming|there)\b/g;
const BE_THERE_NEEDLES = needles(BE_THERE);
const CONFRONT =
  /\bto\s+my\s+face\b|\bin\s+front\s+of\s+(?:everyone|everybody|all|the\s+(?:other\s+)?(?:parents|kids|whole))|\bhave\s+(?:it|this)\s+out\b|\bhav(?:e|ing)\s+words\b|\bface\s+to\s+face\b(?=[^.!?]*\b(?:sort|have\s+it|settle|explain|sorted)\b)|\bdon'?t\s+bother\s+hiding\b|\bnot\s+leaving\s+(?:till|until)\s+(?:she|he|they)\b|\bhears?\s+what\s+i'?ve\s+got\s+to\s+say\b|\b(?:won'?t|not\s+going\s+to)\s+like\s+it\b|\bsee\s+how\s+(?:she|he|they|you)\s+like(?:s)?\s+it\b|\bexplain\s+(?:\w+\s+){0,3}to\s+my\s+face\b|\bsay\s+it\s+to\s+my\s+face\b|\band\s+i\s+won'?t\s+be\s+(?:nice|polite|calm|quiet)\b/;
const WAIT_FOR_ADVERSARY = new RegExp(`\\bwaiting\\s+(?:\\w+\\s+){0,5}?for\\s+(?:that|those|the\\s+other|you|your|(?:mr|mrs|miss|ms)\\.?\\s+\\w+|${ROLE_SOURCE})`);

/** Saying you will use official channels is not a threat (the generic warnings above yield to it). */
const OFFICIAL =
  /\b(?:ofsted|governors?|governing\s+body|local\s+authority|the\s+la\b|council|mp\b|solicitor|lawyer|legal|complaint|complain|tribunal|papers|press|newspaper|news|police|dfe|ombudsman|trust|in\s+writing|appeal|formal)\b/;
/** Joking markers: "I'll kill him! He's lost another jumper 🙈". */
const JOKE = /\blol\b|\bhaha|😂|🤣|🙈|😅|😆|😜|\bjk\b|\bjoking\b/;
const HYPERBOLE_VERBS = /\b(?:kill|murder|strangle|throttle|wring|ring)\b/;
const SELF_FIRST = /\b(?:i|we|me|us)\b|'ll\b/;

function sentenceText(doc: Doc, pos: number): string {
  const s = doc.sentenceAt(pos);
  return doc.lower.slice(s.start, s.end);
}

/** Threats in the writer's own words. */
export function findThreats(doc: Doc, _ctx: ConductContext): Hit[] {
  const lower = doc.lower;
  const hits: Hit[] = [];

  VIOLENCE.lastIndex = 0;
  for (let m = doc.mayMatch(VIOLENCE_NEEDLES) ? VIOLENCE.exec(lower) : null; m; m = VIOLENCE.exec(lower)) {
    const span = { start: m.index, end: m.index + m[0].length };
    if (doc.isReported(span)) continue;
    const s = doc.sentenceAt(span.start);
    const whose = whoseAct(lower, s.start, span.start);
    if (!whose) continue;
    if (HYPERBOLE_VERBS.test(m[0]) && JOKE.test(lower)) continue;
    const from = Math.max(s.start, lower.lastIndexOf(' ', Math.max(s.start, span.start - 12)) + 1);
    const ev = { start: from, end: span.end };
    hits.push({ ...ev, confidence: whose === 'threat' ? 0.9 : 0.7, note: `${whose === 'threat' ? 'threat' : 'wish'} of violence or harm ("${doc.text(ev)}")` });
  }
  BLOCK.lastIndex = 0;
  for (let m = doc.mayMatch(BLOCK_NEEDLES) ? BLOCK.exec(lower) : null; m; m = BLOCK.exec(lower)) {
    const span = { start: m.index, end: m.index + m[0].length };
    const s = doc.sentenceAt(span.start);
    if (doc.isReported(span) || !SELF_FIRST.test(lower.slice(s.start, span.start)) || /\bcars?\b|\bparked\b|\bparking\b/.test(lower.slice(s.start, s.end))) continue;
    hits.push({ ...span, confidence: 0.85, note: `threat to disrupt the school ("${doc.text(span)}")` });
  }

  for (let i = 0; i < VEILED.length; i++) {
    const v = VEILED[i]!;
    v.re.lastIndex = 0;
    for (let m = doc.mayMatch(VEILED_NEEDLES[i]!) ? v.re.exec(lower) : null; m; m = v.re.exec(lower)) {
      const start = m.index + (m[0].length - m[0].trimStart().length);
      const span = { start, end: m.index + m[0].length };
      if (doc.isReported(span)) continue;
      const sent = sentenceText(doc, span.start);
      if (v.generic && OFFICIAL.test(sent)) continue;
      if (/\bknow/.test(m[0]) && /\b(?:don'?t|do\s+not|doesn'?t|didn'?t|no\s*(?:one|body)|never|not)\s+(?:even\s+)?knows?\s+where\b/.test(sent)) continue;
      hits.push({ ...span, confidence: v.confidence, note: v.note });
    }
  }

  BE_THERE.lastIndex = 0;
  for (let m = doc.mayMatch(BE_THERE_NEEDLES) ? BE_THERE.exec(lower) : null; m; m = BE_THERE.exec(lower)) {
    const s = doc.sentenceAt(m.index);
    const next = doc.neighbourSentence(m.index, 1);
    const here = lower.slice(m.index, s.end);
    const window = next ? `${here} ${lower.slice(next.start, next.end)}` : here;
    const span = { start: m.index, end: s.end };
    if (doc.isReported(span)) continue;
    if (CONFRONT.test(window) || WAIT_FOR_ADVERSARY.test(here)) {
      hits.push({ start: m.index, end: s.end, confidence: 0.8, note: 'announces a confrontation' });
      break;
    }
  }
  return hits;
}
