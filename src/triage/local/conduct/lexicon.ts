/**
 * Word lists for the conduct rules, built into the source (the data folder is not shipped).
 *
 * Strengths follow Ofcom, "Attitudes to potentially offensive language and gestures on TV and
 * radio" (2016), quick-reference list: 1 mild, 2 medium, 3 strong, 4 strongest. The taxonomy's
 * threshold: strength 1 (bloody, crap, damn, arse, bugger, sod ...) is everyday speech and is not
 * `profanity`; 2 and above is. A word Ofcom does not list takes the strength of its nearest entry,
 * named in `basis` ("near:wanker"). Slurs (Ofcom's race/ethnic, sexuality/gender, disability and
 * religious lists) are not `profanity` here: they are `discriminatory` and, being name-calling,
 * `abusive` (taxonomy: "add abusive only for a slur or name-calling").
 */

export type SwearKind = 'swear' | 'slur';

export interface SwearEntry {
  /** The Ofcom headword (or the nearest one for unlisted words). */
  word: string;
  strength: 0 | 1 | 2 | 3 | 4;
  basis: string;
  kind: SwearKind;
  /**
   * Regex source (lower case, no flags) matching the written forms, anchored by word boundaries when compiled.
   * A look-behind goes after the word it guards (`tart(?<=(?:that|you)\\start)`), never first: a leading one is
   * tried at every word start and made the whole swear pattern about ten times slower.
   */
  forms: string;
  /** Inflected spellings used to read masked forms such as `f***ing`, `b*****d`, `r*****s`. */
  spelled?: readonly string[];
  /** Forms that name a person ("you twat", "that dickhead"), so the swearing can be aimed at someone. */
  noun?: string;
}

export const SWEARS: readonly SwearEntry[] = [
  // --- strongest (4)
  {
    word: 'fuck',
    strength: 4,
    basis: 'ofcom',
    kind: 'swear',
    forms:
      "f+u+c+k+(?:i+n+g*|in'|ed|er|ers|s|wit|wits|witted|face|faces|head|heads|tard|ity|ery)?|fuk(?:in|ing|ed|s|ker|kers)?|fck(?:in|ing|n|ed|er)?|fkn|fking|fkin|fcuk(?:ing|in)?|phuck\\w*|fook(?:in|ing|ed)?|f'(?:ing|in|ed)|f-(?:ing|in)|wtf|wtaf|stfu|gtfo|omfg|ffs|fml|lmfao|fs(?=\\s+sake)",
    spelled: ['fuck', 'fucking', 'fuckin', 'fucked', 'fucker', 'fuckers', 'fucks', 'fuckwit', 'fuckwits'],
    noun: 'fucker|fuckers|fuckwits?|fuckface|fuckhead',
  },
  {
    word: 'motherfucker',
    strength: 4,
    basis: 'ofcom',
    kind: 'swear',
    forms: 'mother\\s*f+u+c+k+\\w*|mofos?',
    spelled: ['motherfucker', 'motherfuckers', 'motherfucking'],
    noun: 'mother\\s*fuckers?|mofos?',
  },
  {
    word: 'cunt',
    strength: 4,
    basis: 'ofcom',
    kind: 'swear',
    forms: 'c+u+n+t+(?:s|ing|y)?|cnut',
    spelled: ['cunt', 'cunts', 'cunting'],
    noun: 'cunts?|cnut',
  },
  // --- strong (3)
  { word: 'bastard', strength: 3, basis: 'ofcom', kind: 'swear', forms: "bastard(?:s|ised)?|b'stards?", spelled: ['bastard', 'bastards'], noun: "bastards?|b'stards?" },
  { word: 'bellend', strength: 3, basis: 'ofcom', kind: 'swear', forms: 'bell\\s?-?ends?', spelled: ['bellend', 'bellends'], noun: 'bell\\s?-?ends?' },
  { word: 'bloodclaat', strength: 3, basis: 'ofcom', kind: 'swear', forms: '(?:blood|bumba?|bomba|rass?)\\s?-?cla+t+s?|bumbaclots?|rasclots?' },
  { word: 'cock', strength: 3, basis: 'ofcom', kind: 'swear', forms: 'cocks?(?!\\s?-?\\s?(?:up|ups|a\\s?-?doodle|tail|tails|erel|erels|le|les|y|pit))|cocksuckers?', spelled: ['cock'], noun: 'cocks?|cocksuckers?' },
  { word: 'dick', strength: 3, basis: 'ofcom', kind: 'swear', forms: 'dicks?(?!\\s+whittington)', spelled: ['dick', 'dicks'], noun: 'dicks?' },
  { word: 'dickhead', strength: 3, basis: 'ofcom', kind: 'swear', forms: 'dick\\s?-?heads?', spelled: ['dickhead', 'dickheads'], noun: 'dick\\s?-?heads?' },
  { word: 'fanny', strength: 3, basis: 'ofcom', kind: 'swear', forms: 'fann(?:y|ies)(?!\\s+(?:about|around))' },
  { word: 'knob', strength: 3, basis: 'ofcom', kind: 'swear', forms: 'k?nob\\s?-?(?:heads?|ends?|jockeys?)|knob(?<!(?:door\\s?|radiator\\s|gear\\s|volume\\s)knob)s?(?!\\s+of\\b)', spelled: ['knobhead', 'knobheads', 'knobend'], noun: 'k?nob\\s?-?(?:heads?|ends?|jockeys?)|knobs?' },
  { word: 'minge', strength: 3, basis: 'ofcom', kind: 'swear', forms: 'minge|clunge|punani|beef\\s+curtains' },
  { word: 'prick', strength: 3, basis: 'ofcom', kind: 'swear', forms: 'prick(?<!(?:skin|finger|pin|needle|blood|heel|thumb)\\s?-?prick)s?(?!\\s?-?(?:test|tests|testing|ed|ing))', spelled: ['prick', 'pricks'], noun: 'pricks?' },
  { word: 'pussy', strength: 3, basis: 'ofcom', kind: 'swear', forms: 'puss(?:y|ies)(?!\\s?-?cats?)', spelled: ['pussy'], noun: 'puss(?:y|ies)' },
  { word: 'twat', strength: 3, basis: 'ofcom', kind: 'swear', forms: 'twat(?:s|ted|ting)?', spelled: ['twat', 'twats', 'twatted'], noun: 'twats?' },
  { word: 'wanker', strength: 3, basis: 'ofcom', kind: 'swear', forms: 'wank(?:er|ers|ing|s|y|ed)?', spelled: ['wanker', 'wankers', 'wank', 'wanking'], noun: 'wankers?' },
  { word: 'tosser', strength: 3, basis: 'near:wanker', kind: 'swear', forms: 'tossers?|tosspots?', spelled: ['tosser', 'tossers'], noun: 'tossers?|tosspots?' },
  { word: 'nonce', strength: 3, basis: 'ofcom', kind: 'swear', forms: 'nonces?|paedos?|pedos?|paedophiles?', noun: 'nonces?|paedos?|pedos?|paedophiles?' },
  { word: 'slag', strength: 3, basis: 'ofcom', kind: 'swear', forms: 'slags?(?!\\s+heap)|slut(?:s|ty)?|whores?|skanks?|skanky', spelled: ['slag', 'slut', 'sluts', 'whore', 'whores', 'skank'], noun: 'slags?|sluts?|whores?|skanks?' },
  { word: 'jizz', strength: 3, basis: 'ofcom', kind: 'swear', forms: 'jizz(?:ed|ing)?|spunk(?:ed|ing)?|dildos?|bukkake|cocksuckers?|prickteasers?' },
  // --- medium (2)
  {
    word: 'shit',
    strength: 2,
    basis: 'ofcom',
    kind: 'swear',
    forms:
      's+h+i+t+(?:e|es|s|ty|tier|ting|ted|head|heads|hole|holes|show|shows|bag|bags|load|less|faced|house|storm|stirrer|stirring)?|bull\\s?-?shit\\w*|shyte|shat(?!\\w)',
    spelled: ['shit', 'shite', 'shits', 'shitty', 'shitting', 'bullshit', 'shithole', 'shitshow'],
    noun: 'shits?|shites?|shitbags?|shitheads?',
  },
  { word: 'pissed', strength: 2, basis: 'ofcom', kind: 'swear', forms: "piss(?:ed|ing|es|y|take|takes|heads?|ers?)?(?:\\s?-?(?:take|up|ups))?|pish|pmsl", spelled: ['piss', 'pissed', 'pissing'] },
  { word: 'arsehole', strength: 2, basis: 'ofcom', kind: 'swear', forms: 'arse\\s?-?holes?|ass\\s?-?holes?|a-holes?', spelled: ['arsehole', 'arseholes', 'asshole', 'assholes'], noun: 'arse\\s?-?holes?|ass\\s?-?holes?|a-holes?' },
  { word: 'balls', strength: 2, basis: 'ofcom', kind: 'swear', forms: 'balls\\s?-?ups?|ballsed|ballsing|load\\s+of\\s+balls|balls\\s+to\\s+(?:it|that|this|them)' },
  { word: 'bint', strength: 2, basis: 'ofcom', kind: 'swear', forms: 'bints?|munters?|slappers?', noun: 'bints?|munters?|slappers?' },
  { word: 'bitch', strength: 2, basis: 'ofcom', kind: 'swear', forms: 'bitch(?:es|ing|y|ed)?|biatch', spelled: ['bitch', 'bitches', 'bitchy', 'bitching'], noun: 'bitch(?:es)?|biatch' },
  { word: 'bollocks', strength: 2, basis: 'ofcom', kind: 'swear', forms: 'bollock(?:s|ing|ed|sed)?|bollox(?:ed)?', spelled: ['bollocks', 'bollocking'] },
  { word: 'effing', strength: 2, basis: 'ofcom', kind: 'swear', forms: 'eff(?:ing|in|ed)|eff\\s+off' },
  { word: 'feck', strength: 2, basis: 'ofcom', kind: 'swear', forms: 'feck(?:in|ing|ed|s|er)?', spelled: ['feck', 'feckin', 'fecking'] },
  { word: 'shag', strength: 2, basis: 'ofcom', kind: 'swear', forms: 'shag(?:s|ged|ging)?(?!\\s?-?pile)' },
  { word: 'tits', strength: 2, basis: 'ofcom', kind: 'swear', forms: 'tit(?<!(?:blue|great|coal|long-tailed|bird)\\stit)(?:s|ties)(?!\\s+for\\s+tat)|tits\\s?-?up' },
  { word: 'tart', strength: 2, basis: 'ofcom', kind: 'swear', forms: 'tart(?<=(?:that|you|little|stupid|jumped\\s?-?up|dirty|cheap|silly)\\start)s?', noun: 'tarts?' },
  // --- slurs (discriminatory + abusive; Ofcom race/ethnic, sexuality, disability, religious lists)
  { word: 'nigger', strength: 4, basis: 'ofcom', kind: 'slur', forms: 'n+i+g+g+(?:e+r+|a+h?|az)s?|nig\\s?-?nogs?', spelled: ['nigger', 'niggers', 'nigga', 'niggas'] },
  { word: 'paki', strength: 4, basis: 'ofcom', kind: 'slur', forms: 'pakis?', spelled: ['paki', 'pakis'] },
  { word: 'chinky', strength: 4, basis: 'ofcom', kind: 'slur', forms: 'chink(?:y|ies|s)?(?!\\s+(?:in|of)\\b)', spelled: ['chinky', 'chink'] },
  { word: 'coon', strength: 4, basis: 'ofcom', kind: 'slur', forms: 'coons?|darkies|darky|darkie|golliwogs?|gollywogs?|wogs?|sambos?', spelled: ['coon', 'wog', 'wogs'] },
  { word: 'dago', strength: 3, basis: 'ofcom', kind: 'slur', forms: 'dagos?|wops?|gooks?|japs?|honk(?:y|ies)|spics?|ragheads?|towelheads?|polacks?|choc\\s?-?ices?(?=\\s+(?:like|as|a|he|she))|krauts?' },
  { word: 'negro', strength: 3, basis: 'ofcom', kind: 'slur', forms: 'negro(?:es)?' },
  { word: 'gippo', strength: 2, basis: 'ofcom', kind: 'slur', forms: 'g[iy]p+os?|pikeys?|pikies', spelled: ['gyppo', 'gippo', 'pikey', 'pikeys'] },
  { word: 'coloured', strength: 2, basis: 'ofcom', kind: 'slur', forms: 'coloured(?=\\s+(?:man|men|woman|women|lad|lads|girl|girls|boy|boys|kids?|family|families|people|folk|teacher|lady|bloke))' },
  { word: 'kike', strength: 3, basis: 'ofcom', kind: 'slur', forms: 'kikes?|yids?|kaf+irs?|kuf+aa?rs?|papists?|fenians?|taigs?' },
  { word: 'faggot', strength: 4, basis: 'ofcom', kind: 'slur', forms: 'faggots?(?!\\s+(?:and|with|in)\\s+(?:peas|mash|gravy|onions?|chips))|poof(?:s|ters?|y)?|batty\\s?-?(?:boys?|man)|bum\\s?-?boys?|shirt\\s?-?lifters?|chi\\s?-?chi\\s+man|fudge\\s?-?packers?|carpet\\s?-?munchers?|rug\\s?-?munchers?|muff\\s?-?divers?', spelled: ['faggot', 'faggots', 'poof', 'poofs', 'poofter'] },
  { word: 'dyke', strength: 3, basis: 'ofcom', kind: 'slur', forms: "dykes?|lezz(?:a|er|ers|as)|lesbos?|homos?(?!\\s+sapiens)|(?:fag|queer)(?<=(?:you|you're|youre|ur|little|fucking|f\\*+ing|bloody|stupid|dirty|you're\\s+a|youre\\s+a|ur\\s+a|you\\s+are\\s+a|such\\s+a|a\\s+(?:little|stupid|dirty|fucking))\\s(?:fag|queer))s?(?!\\s+(?:break|packet|packets|end|ends|butt|butts|outside))|gay(?<=(?:you'?re|you\\s+are|ur|u\\s+r|so)\\sgay)(?=\\s*(?:$|[.!,]|lord|boy|wad|twat|prick))|gay\\s?(?:boy|lord|wad)s?(?=\\s*(?:$|[.!,]))", spelled: ['dyke', 'dykes', 'lezza', 'lesbo', 'homo'] },
  { word: 'tranny', strength: 3, basis: 'ofcom', kind: 'slur', forms: 'trann(?:y|ies)|he\\s?-?shes?|shemales?|chicks?\\s+with\\s+a\\s+dick|gender\\s?-?benders?', spelled: ['tranny', 'trannies'] },
  { word: 'retard', strength: 4, basis: 'ofcom', kind: 'slur', forms: 'retard(?:s|ed|os?)?|tards?', spelled: ['retard', 'retards', 'retarded'] },
  { word: 'spastic', strength: 4, basis: 'ofcom', kind: 'slur', forms: 'spastics?|spaz+(?:es|y)?|spakk?as?|spackers?|spackas?|mongs?|mongos?|mongoloids?|mongy|window\\s?-?lickers?', spelled: ['spastic', 'spastics', 'spaz', 'spazz', 'mong', 'mongs'] },
  { word: 'cripple', strength: 3, basis: 'ofcom', kind: 'slur', forms: 'cripples|cripple(?<=(?:a|the|that|you|those|them|little)\\scripple)|midgets?|schizos?', spelled: ['cripple', 'cripples', 'midget'] },
  // --- mild (1): listed so the threshold is visible; never `profanity` on their own.
  { word: 'arse', strength: 1, basis: 'ofcom', kind: 'swear', forms: 'arse|arsed|arsey|ass' },
  { word: 'bloody', strength: 1, basis: 'ofcom', kind: 'swear', forms: 'bloody|bleeding|bleedin' },
  { word: 'bugger', strength: 1, basis: 'ofcom', kind: 'swear', forms: 'bugger(?:ed|s|ing)?' },
  { word: 'crap', strength: 1, basis: 'ofcom', kind: 'swear', forms: 'crap(?:py|s)?' },
  { word: 'damn', strength: 1, basis: 'ofcom', kind: 'swear', forms: 'damn(?:ed|it)?|goddam(?:n|mit)?' },
  { word: 'sod-off', strength: 1, basis: 'ofcom', kind: 'swear', forms: 'sod(?:ding|s)?' },
  { word: 'git', strength: 1, basis: 'ofcom', kind: 'swear', forms: 'gits?' },
  { word: 'cow', strength: 1, basis: 'ofcom', kind: 'swear', forms: 'cows?' },
  // Not on the list; judged as mild as "bloody": euphemisms and idioms for a mistake.
  { word: 'bloody', strength: 1, basis: 'near:bloody', kind: 'swear', forms: 'frick(?:in|ing)?|flipping|flippin|hell|cock\\s?-?ups?' },
];

/** Only these take part in matching: strength 1 is documented above but never flagged. */
export const FLAGGABLE_SWEARS = SWEARS.filter((e) => e.strength >= 2);

/**
 * Insults without swear words. `strong` nouns are name-calling wherever the writer uses them;
 * `weak` nouns need a frame that aims them at someone ("you clowns", "bunch of clowns", "absolute
 * clowns", "X is a joke"); adjectives need a person, the staff or the school as their target.
 */
export const STRONG_INSULT_NOUNS =
  'idiots?|morons?|imbeciles?|cowards?|bigots?|cretins?|halfwits?|half-wits?|dimwits?|nitwits?|numpt(?:y|ies)|plonkers?|pillocks?|thickos?|scrotes?|scumbags?|scum|lowlifes?|low-lifes?|vermin|thugs?|brats?|yobs?|chavs?|jobsworths?|liars?|hypocrites?|numbskulls?|dunces?|airheads?|dumbos?|perverts?|pervs?|weirdos?|inbreds?|knuckle-?draggers?|slobs?';

export const WEAK_INSULT_NOUNS =
  'clowns?|muppets?|jokes?|disgrace|embarrassment|laughing\\s?-?stock|shower|cowboys|amateurs|animals|savages|snakes?|parasites?|freaks?|creeps?|losers?|madam|cows?|witch(?:es)?|bags?|bats?|hags?|mares?|sows?|trouts?|gits?|divs?|prats?|donkeys?|gossips|fools?|pigs?|snowflakes?|jokers|racists?|planks?|wallys?|wallies|melts?|weapons?|plums?|doughnuts?|mugs?';

export const INSULT_ADJECTIVES =
  'useless|thick|stupid|incompetent|pathetic|lazy|arrogant|clueless|brainless|spineless|gutless|dim|dumb|moronic|idiotic|ignorant|vile|disgusting|nasty|spiteful|vindictive|two-faced|jumped[\\s-]?up|stuck[\\s-]?up|snotty|smug|feral|scummy|condescending|patronising|horrible|evil|gormless|brain[\\s-]?dead|good-for-nothing|worthless|ugly|fat|rude|hopeless|rubbish|crap|sly|dozy|pig-ignorant';

/** Adjectives that, said alone as a whole sentence ("Useless."), can only be about people. */
export const STANDALONE_ADJECTIVES = new Set(['useless', 'pathetic', 'clueless', 'incompetent', 'spineless', 'gutless', 'brainless', 'thick']);

/** Adjectives that are criticism rather than name-calling unless aimed at a named person: lower confidence. */
export const WEAK_ADJECTIVES = new Set(['rude', 'hopeless', 'rubbish', 'crap', 'fat', 'ugly', 'dim', 'sly', 'dozy', 'patronising', 'condescending', 'horrible']);

/** Person nouns that make an insult aimed at someone ("useless office", "nasty little thug"). */
export const PERSON_NOUNS = new Set(
  (
    'teacher teachers ta tas ta\'s teaching assistant assistants head heads headteacher headteachers headmistress headmaster deputy senco ' +
    'dsl staff office receptionist receptionists reception caretaker governor governors escort escorts driver drivers management slt ' +
    'school schools academy woman women man men lady ladies bloke blokes people lot bunch family families kid kids child children boy boys ' +
    'girl girls lad lads parent parents mum mums dad dads mother father person individual individuals human humans cow witch ' +
    'excuse specimen dinner lunchtime supervisor supervisors leader leaders team department secretary manager managers one ones ' +
    'nan gran grandad uncle aunt auntie brother sister son daughter husband wife partner boyfriend girlfriend neighbour neighbours crew'
  ).split(' '),
);

/** Pronouns and phrases that point at the reader (the school's staff). */
export const SECOND_PERSON = new Set(['you', 'u', 'ya', 'yous', 'youse', "y'all", 'yall', 'ye']);
