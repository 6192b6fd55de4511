import type { Topic } from '../../../domain/taxonomy';
import { type Cue, PhraseMatcher } from './phrases';

/**
 * The words and phrases the topic rules look for, grouped in families with weights. A topic family's
 * weights add up to the topic's score; the other families feed the precedence rules in index.ts
 * (safeguarding first, then the matter that makes the message urgent, then the main request).
 * Weights: 4-5 decides alone, 2-3 a clear sign, 1 a hint, negative takes a reading away.
 */
export type Family =
  | Topic
  // safeguarding signs an accident at play explains away (injuries, rough contact), unless done on purpose
  | 'sgInjury'
  | 'accident'
  | 'intent'
  // a child whose whereabouts are unknown right now (also safeguarding)
  | 'whereabouts'
  // who is at risk from whom: an adult at home and a harmful act in one sentence is a concern (index.ts)
  | 'homeAdult'
  | 'harmAct'
  // asking the school not to let the child go with someone: a concern when a reason comes with it
  | 'noRelease'
  // timing
  | 'today'
  | 'later'
  | 'past'
  | 'weekday'
  // transport and absence details
  | 'collect'
  | 'pickupLate'
  | 'noShow'
  | 'appointment'
  | 'offToday'
  | 'changeNow'
  // being at the gate at a time: a collection, unless the message threatens a confrontation there
  | 'beThere'
  | 'clockTime'
  | 'thanks'
  // medical matters affecting the child today
  | 'medAction'
  // a time of the school day for a medicine ("at lunch"): today's matter only when no other day is named
  | 'medWhen'
  | 'medAcute'
  | 'medNotInSchool'
  // topic of a flagged message
  | 'request'
  | 'ownChild'
  | 'announce'
  | 'separate'
  | 'placeTrip'
  | 'placeBus'
  | 'placeClass'
  | 'schoolContext';

const cues: Cue<Family>[] = [];
function c(family: Family, weight: number, ...phrases: string[]): void {
  for (const phrase of phrases) cues.push({ family, weight, phrase });
}

const KID = 'him|her|them|@';
/** A phrase about a child: "<before> him|her|them|Name <after>" and "<before> my son|daughter... <after>". */
function kid(before: string, after = ''): string[] {
  return [`${before} ${KID} ${after}`.trim(), `${before} my|our ~1 son|daughter|boy|girl|child|kid|lad|youngest|eldest ${after}`.trim()];
}

// ---------------------------------------------------------------- safeguarding (recall first)
// self-harm and suicidal talk
c('safeguarding', 5, 'wish|wishes|wished|wants|want|wanted ~3 dead', 'want|wants|wanted ?to die', 'kill* himself|herself|themselves|themself|myself');
c('safeguarding', 5, 'hurt* himself|herself|themselves|themself', 'harm* himself|herself|themselves', 'self harm*', 'selfharm*', 'suicid*', 'overdose*');
c('safeguarding', 5, 'cuts|cutting|cut|scratches|marks ~3 arm|arms|wrist|wrists|thigh|thighs', 'cutting himself|herself', 'razor*', 'sharpener blade*');
c('safeguarding', 4, 'not|doesnt|dont|didnt ~1 want ?to be alive', 'doesnt|dont ~1 want to be here ?any ?more|anymore', 'better off without', 'happier without him|her|me|them', 'end it all', 'end his|her|my life');
// violence and conflict at home, court orders, refuges
c('safeguarding', 4, 'smashed|smash|trashed ~3 house|flat|place|home ?up', 'got|gets|getting physical', 'domestic', 'refuge', 'non molestation', 'molestation');
c('safeguarding', 4, 'court|protection|restraining|residence|arrangements|prohibited ~1 order|orders', 'injunction', 'supervised contact', 'fled|fleeing');
c('safeguarding', 4, 'not|isnt|nt|never ~1 allowed to ~1 collect|pick|know|see|contact|near', 'not allowed anywhere near', 'must not ~1 collect|pick|know|see|contact|come', 'mustnt ~1 collect|pick|know|see|contact|come', 'no contact with');
c('safeguarding', 4, 'not|dont|never ~2 give|tell|share ~4 address', 'not|dont|never ~1 tell|give ~2 anyone|anybody where');
c('safeguarding', 4, 'police ~2 came|come|were|was|called|involved|out|arrived|round', 'called|rang|phoned|ring|call|reported ~3 police|101|999', 'arrested');
c('safeguarding', 2, 'police', 'drunk', 'kicked off', 'drinking', 'smacks|smacked|smacking', 'in front of the ~1 kids|children', 'had a go at me');
c('safeguarding', 4, 'hit|hits|hurt|hurts|pushed|shoved|attacked|strangled|choked|beat|beats|kicked|punched|slapped|grabbed me');
c('safeguarding', 3, 'scared|frightened|terrified|afraid ~1 of ?his|her|my|their ~1 dad|mum|stepdad|stepmum|father|mother|partner|boyfriend|girlfriend|uncle|him|her');
c('safeguarding', 4, 'scared|frightened|terrified ~1 for ~1 me|us|the|my|kids|children|him|her');
c('safeguarding', 3, 'dad|mum|stepdad|stepmum|partner|boyfriend|girlfriend|father|mother|uncle|he|she ~2 shouting|screaming|threw|throwing|smashing');
c('safeguarding', 3, 'arguing|rows|fighting|screaming ~1 all the time');
c('safeguarding', 4, 'lock|locks|locked|locking ~2 in ~2 room|bedroom|cupboard|shed|car|house', 'locked ~2 out ~2 house|home|garden|flat');
// physical harm by anyone (an accident at play can explain it away: sgInjury)
c('sgInjury', 4, ...kid('hit|hits|hitting|punch*|kick|kicks|kicked|kicking|slap*|smack*|beat|beats|beating|belted|strangl*|chok*|pinch*|bites|biting|bit|shove|shoved|shoving|push|pushed|pushes|pushing|hurt|hurts|hurting|attack*|spat|spitting'), 'getting|got|been|being|gets ~1 hit|kicked|punched|pushed|bitten|hurt|beaten|attacked|thumped');
c('sgInjury', 4, 'smacked|smacks|slapped|slaps|punched|kicked|pinched|yanked|twisted|pulled|grabbed|squeezed|stamped ~1 his|her|their ~1 hand|hands|arm|arms|leg|legs|face|head|bottom|ear|ears|hair|wrist|wrists|neck|fingers|back|tummy|stomach');
c('sgInjury', 3, 'bruise|bruises|bruised|bruising', 'black eye', 'split|cut|fat ~1 lip', 'bite marks', 'finger marks', 'red marks', 'hand print', 'handprint', 'marks on', 'burn|burns|burnt|burned', 'scratches|scratched', 'lump on');
c('sgInjury', 2, 'did it|did this', 'covered in');
c('accident', 1, 'fell|fall|falls|falling|tripped|slipped|accident|accidentally|accidental|collided|bumped|banged|football|climbing|trampolin*|bike|playing', 'at play', 'hit|hurt|banged|bumped|cut|grazed ~1 his|her|their ~1 head|face|knee|knees|arm|leg|nose|lip|chin|hand|finger|toe|foot|back|eye');
c('intent', 1, 'on purpose|deliberately|purposely', 'did it|did this', 'says|said ~3 did it');
// handling by an adult
c('safeguarding', 5, 'restrain*', 'held|holding|pinned ~1 him|her|them ~1 down', 'held|holding|pinned|pushed|shoved|forced ~3 head|face ~2 under|into|against|down', 'manhandl*', 'carpet burn*', 'hands on');
c('safeguarding', -4, 'dragging|drags ~1 him|her|them ~1 down|back');
c('safeguarding', 4, ...kid('grab*|drag|dragged|dragging|yanked|shook'), 'grab*|drag|dragged|dragging|yanked ~3 arm|arms|wrist|neck|throat|hair|hood', 'round|around|by ~1 the ~1 neck|throat');
c('safeguarding', 4, ...kid('touch|touches|touched|touching'), 'touching himself|herself', 'private parts', 'privates', 'sexual*', 'made|make|makes ~1 him|her ~1 do things');
// bullying, threats and exploitation by others
c('safeguarding', 5, 'bully|bullied|bullying|bullies|bullys|bulling', 'picked|picking|picks on', ...kid('pick on'), 'ganged|ganging|gang ~1 up', 'beaten up', 'beat ~1 him|her|them|me ~1 up');
c('safeguarding', -5, 'anti bullying|bully');
c('safeguarding', 4, ...kid('threaten*'), 'threaten* to ~1 hurt|stab|kill|beat|batter|get|smash', 'stab|stabbed|stabbing|knife|knives|blade|weapon', 'batter|battered', 'make|made|makes ~1 him|her ~1 bring|give|hand', 'took|taken|takes|taking ~1 his|her ~1 phone|money');
c('safeguarding', 2, 'threaten*', 'if he|she|they ~1 tells|told', 'till|until midnight', 'cigarettes|cider|alcohol|smoking', 'keep ~1 him|her|them|us ~1 safe', 'keep doing this', 'need some help', 'dont know if i can', 'breakdown', 'crisis');
c('safeguarding', 4, 'scared|frightened|terrified|afraid ~1 to ~1 come|go|get|walk|leave ~1 in|to|home|school|out', 'said not to tell', 'not to tell anyone');
c('safeguarding', 3, ...kid('calling|called|call', '~2 names|fat|ugly|stupid|gay|slag|thick'), 'name calling');
c('safeguarding', 4, 'vape|vapes|vaping|weed|cannabis|drugs|spaced', 'county lines');
// online risks and strangers
c('safeguarding', 5, 'asking|asked|asks ~1 him|her|them ~1 for ~1 photos|photo|pics|pictures|nudes|selfies|videos', 'photos|pictures|pics|videos|nudes|images of herself|himself', 'nudes', 'groom*', 'keep it ?a secret', 'beheading*', 'extremis*', 'radicali*');
c('safeguarding', 3, 'man|stranger|someone|adult|lad|boy|he ~3 on|from roblox|fortnite|snapchat|tiktok|instagram|discord|minecraft|whatsapp|online|xbox|ps5|playstation', 'where she|he|they ~1 lives|live');
c('safeguarding', 4, 'stranger|strangers', 'hanging round|around', 'taking photos|pictures|videos ~2 kids|children|pupils|them', 'offered ~2 sweets|lift', 'spoke to her|him through the fence', 'doesnt|didnt|dont ~1 know ~2 spoke|asked|approached|talked');
// left alone, lost, unsupervised, missing
c('safeguarding', 4, 'left|leave|leaves|leaving ~2 alone|unsupervised', 'home alone', 'left ~2 on his|her|their own', 'gate|gates|road|street ~3 on his|her|their own', 'found ~3 wandering|road|street|stranger', 'wandering', 'wrong bus|taxi|stop', 'he|she|son|daughter ~1 got lost', 'looking after himself|herself|themselves', 'out on the street*', 'ran|run|running away', 'ran off', 'absconded', 'out of the ~1 gate|gates');
c('whereabouts', 5, 'where is he|she', 'wheres he|she', 'where he|she is', 'cant|cannot find him|her|them', 'he|she|son|daughter|child ~1 is|has|gone|went|been ~1 missing', 'hes|shes gone missing', 'hasnt|not|didnt|never ~1 come|got|came ~1 out ~1 of ~1 school', 'he|she|son|daughter|child|@ ~2 hasnt|not|didnt|never ~1 come|got|arrived|came|been home', 'not home yet', 'wasnt|isnt on ~1 the|his|her ~1 taxi|bus', 'wasnt on it', 'is he|she ~1 with you', 'nobody knows where', 'no one knows where');
c('whereabouts', 5, 'is|if|whether ~1 he|she|@ ~1 still ~1 in|at ~1 school|club|the', 'he|she|hes|shes ~2 not ~1 back ~2 and|yet|its|it', 'not back yet', 'isnt|not ~1 answering ~1 her|his ~1 phone', 'wasnt|isnt|werent ~1 at ~1 the ~1 gate|gates|door|stop|bus');
// neglect, poverty, a parent who cannot cope
c('safeguarding', 5, 'no gas|electric|electricity|heating|food', 'no money for food', 'nothing to eat', 'cant|cannot ~1 afford ~2 food|eat|electric|gas|heating|tea|meals|nappies|rent', 'food bank|banks', 'foodbank*', 'evicted', 'homeless', 'sofa surfing', 'nowhere to live|stay|sleep', 'sleeping in the car', 'bed in ~2 coats');
c('safeguarding', 2, 'starving', 'hungry', 'sleeps all day', 'bailiffs', 'terrified|petrified');
c('safeguarding', 5, 'not coping', 'i ~1 cant|cannot ~1 cope', 'cant do this ~1 anymore|any', 'do this anymore', 'nearly walked out', 'breaking point', 'cant get out of bed');
// disclosures and other families' children
c('safeguarding', 4, 'said|says|told ~2 things about', 'not comfortable ~4 message|text|writing', 'disclos*', 'let slip', 'safeguarding', 'social services', 'social worker', 'childrens|children services');
c('safeguarding', 2, 'not sure if i should ~1 say|tell', 'didnt know who else to tell', 'not sure who to tell', 'someone needs to know', 'worried about ~1 @');
// a child who does not want to go home, or is scared of someone there
c('safeguarding', 4, 'doesnt|dont|didnt|wont|not ~1 want|wanting ~1 to ~1 go|be|come ~1 ?back home', 'doesnt|dont|didnt|not ~1 want ~1 to ~1 be ~1 at ~1 home', 'scared|frightened|afraid|terrified ~1 to ~1 go ~1 home|back', 'doesnt|dont|didnt|not ~1 want ~1 to ~1 go ~2 dads|mums|stepdads|uncles|house ~1 because|cos|as|when');
c('safeguarding', 4, 'rough with ~1 him|her|them|@', 'been rough', 'off ~1 his|her|their ~1 face|head|nut', 'off their faces', 'smells|smelt|smelled|stinks|stank ~2 drink|alcohol|booze|weed', 'turned|turns|turn ~1 up ~2 drunk|drinking|high|stoned|off', 'been drinking', 'drunk again', 'drinking again', 'high on');
// emotional harm and eating
c('safeguarding', 4, 'telling|tells|told|calls|calling|called ~1 him|her|them ~3 worthless|useless|stupid|fat|ugly|thick|nothing', 'nobody|noone|nobodys ~1 loves|wants|likes ~1 him|her|them|you', 'no one ~1 loves|wants|likes ~1 him|her|them|you', 'worthless', 'go and die', 'should|go ~1 kill|die');
c('safeguarding', 4, 'nobody|noone ~1 would ~1 care|miss ~1 if', 'no one would ~1 care|miss ~1 if', 'if ~1 he|she|i ~1 wasnt|werent|not ~1 here|around|alive', 'wish ~3 never ~1 born', 'wished ~3 dead', 'making|made|makes ~1 himself|herself ~1 sick');
c('safeguarding', 5, 'scratching|scratched|picking|biting|bites ~1 his|her|their ~2 arms|arm|wrists|skin|legs ~3 bleed|bleeds|bled|raw', 'till|until ~1 it|they ~1 bleed|bleeds|bled');
c('safeguarding', 2, 'stopped|stopping|refusing|refuses|not ~1 eating', 'says|thinks|saying ~2 shes|hes|she|he|is ~2 fat|ugly', 'always hungry', 'asking|asks|begging|begs ~3 for ~1 food');
c('safeguarding', 3, 'no|never|without ~1 breakfast|tea|food|dinner|meals ~2 at|all|for|again|most', 'hungry ~3 home', 'same clothes', 'dirty|smelly ~1 clothes|uniform');
// bullying said in other words
c('safeguarding', 4, 'called|calling ~2 names', 'taking|took|takes|nicking|nicked ~2 his|her|their ~1 money|lunch|snack|phone|dinner', 'left out ~2 every day|time', 'left out ~2 all the time', 'left out and', 'nasty|horrible ~2 messages|comments|posts ~3 him|her|about', 'beat|batter|get|jump ~1 him|her|them ~2 up|after|monday|tomorrow|tonight');
// abduction, forced marriage, FGM
c('safeguarding', 5, 'not|never ~1 bring|bringing ~1 him|her|them ~1 back', 'abduct*', 'out of the country', 'fgm', 'female genital', 'circumcis*', 'the cutting', 'cut ~2 down there', 'become|becoming ~1 a ~1 woman', 'forced|force|forcing ~3 marry|marriage|married|wed', 'married off', 'arranged ~1 marriage');
c('safeguarding', 4, 'told|telling|tells ~1 him|her|them ~3 engaged|married|marry', 'getting|get|be ~1 engaged', 'find|found|finding ~2 her|him ~1 a ~1 husband|wife', 'ceremony ~6 scared|frightened|hurt|worried');
// adults near children, online contact, sharing images
c('safeguarding', 4, 'grown man|men|adult', 'ask|asked|asking|asks ~3 for ~3 address', 'where ~1 we|she|he|they ~1 live', 'watching|filming|photographing ~2 the ~1 kids|children|pupils|girls|boys', 'called|calling|waved|waving ~2 over ~3 car|van', 'into|in ~1 his|her|a|the ~1 car|van ~3 man|stranger|offered', 'man|men|stranger ~4 parked|watching|hanging|waiting|lurking|following|followed', 'following|followed ~1 him|her|them ~2 home|school');
c('safeguarding', 4, 'asking|asked|asks|wants|wanted ~1 him|her|them ~2 to ~1 send|meet', 'meet ~1 up ~6 not ~1 tell', 'send ~3 photos|pictures|pics|videos ~3 underwear|bra|pants|naked|nude|body|bedroom', 'underwear ~3 photos|pictures|pics', 'naked', 'video|videos|photos|pictures|pics|photo|picture ~3 shared|sharing|posted|passed|circulating', 'video|videos|photos|pictures|pics|photo|picture ~6 going ~1 round|around', 'showing|shown|showed|shows ~1 him|her|them ~6 shouldnt|inappropriate|porn|rude|videos|sexual', 'tried to kiss', 'kiss|kissed|kissing ~1 him|her ~3 didnt|not|touched', 'not to tell ~1 me|mum|dad|anyone|you|us|his|her');
// left alone, lost, let out, no-one home
c('safeguarding', 4, 'left ~4 on his|her|their own', 'on his|her|their own ~2 crying|scared|lost', 'nobody|noone ~1 was ~1 in|home|there', 'no one ~1 was ~1 in|home|there', 'nobody|noone ~1 home', 'sat|sitting|waiting|left ~2 on ~1 the ~1 step|doorstep|street|pavement', 'drove off ~3 without|before', 'let out ~3 on his|her|their own', 'let out ~3 alone|early|without', 'walks|walk|walking|let ~3 herself|himself|themselves ~1 in', 'on his|her|their own ~3 until|till ~2 6|7|8|late', 'let herself|himself in', 'dropped ~4 nobody|noone|empty');
// a parent at the end of their tether, a home in crisis
c('safeguarding', 4, 'struggling ~2 much|cope|badly', 'heating|electric|electricity|gas|power ~2 off|cut|gone', 'no money ~2 food|electric|gas|heating|nappies|tea', 'everything ~3 on top of me', 'dont know how much more', 'cant take ~1 any ~1 more|anymore', 'screaming and threatening', 'threatening|threatened ~1 us|me|my|mum|the|kids|children');
// extremism
c('safeguarding', 4, 'far right', 'extremist*', 'drawn into', 'isis|jihad*|nazi|nazis');
// disclosures in a child's own words, adults who seek a child out alone, secrets and gifts
c('safeguarding', 5, 'does|did|doing|do ~1 bad|horrible|rude|nasty ~1 things ~1 to', 'doesnt|dont|didnt|not ~1 want ~1 to ~1 live|be|wake', 'sit|sits|sat|sitting ~1 on ~1 his|her ~1 knee|lap', 'comes|came|coming|goes|went ~1 into ~1 her|his|their ~1 room|bed|bedroom ~3 night|stays|when|and', 'special friend', 'sends|sent|buys|bought|gives|gave ~1 her|him|them ~1 gifts|presents|money|vouchers', 'asking|asked|asks|wants ~3 what ~1 she|he|shes|hes ~2 wearing', 'on her|his own ~3 store|cupboard|room|office|car|van|house', 'help|helping ~1 him|her ~4 on her|his ~1 own', 'doesnt|didnt|does not ~1 feel ~1 right', 'videos|pictures|photos|film|films ~4 sex|naked|porn', 'having sex');
c('safeguarding', 4, 'asked|asking|offered ~2 him|her|them ~3 lift|ride', 'offer|offers|offered|offering ~4 lift|lifts|ride|rides|sweets', 'wanted ~1 a ~1 lift', 'follow|follows|followed|following ~1 her|him|them ~2 into|to|round|home', 'wont|wouldnt|didnt ~1 let ~1 her|him|them ~1 out|go|leave', 'saying|said|says|tell|telling ~3 mum|dad|mummy|daddy ~1 is ~1 dead', 'she|he|shes|hes|her|him ~4 a mistake', 'never ~1 have ~1 been ~1 born', 'should ~1 never ~2 born', 'withdrawn', 'flinch*', 'in her|his room ~3 night|stays|over');
// neglect and a household in crisis, in other words
c('safeguarding', 4, 'not|hasnt|havent|never|doesnt|dont ~1 fed|feed|feeding ~1 him|her|them|properly', 'hiding|hides|steals|stealing|hoarding ~1 food', 'clothes|shoes|uniform ~3 dont|doesnt|too ~1 fit|small', 'through|in ~1 the ~1 bins', 'looking through bins', 'hasnt|not|havent ~1 been ~1 home ~2 for|in ~1 days|weeks|nights', 'sleeping ~1 at ~2 different|peoples|friends|strangers', 'wont|doesnt|not|never ~1 let|give ~1 her|him|them ~1 have ~2 tea|food|dinner|breakfast|eat|meals', 'left ~2 on their|his|her own ~3 weekend|night|nights|again|days', 'lost my|his|her ~1 job ~6 rent|house|money|food|kids', 'behind on ~1 rent|bills', 'might|may|going ~2 to ~1 leave|lose ~1 the|our ~1 house|home|flat', 'scared|frightened|afraid|terrified ~1 of ~1 my|our ~1 husband|partner|wife|ex|boyfriend|girlfriend', 'there was a fight|row ~3 home|last night', 'fight ~1 at home', 'police ~3 told|said ~2 stay|leave', 'young carer', 'carer for ~1 his|her|their ~1 mum|dad|mother|father|nan|brother|sister');
c('safeguarding', 4, 'banging|hammering|kicking ~3 door|doors|windows', 'came|turned ~2 house|home|round ~3 drunk|high|shouting|screaming');
// the same children saying cruel things every day
c('safeguarding', 3, 'same ~1 2|3|4|two|three|four|group|boys|girls|kids ~2 keep|keeps|every');
c('safeguarding', 5, 'if you tell ~1 anyone|anybody|your|mum|dad|a', 'make ~1 your|his|her ~1 life ~1 hell|miserable', 'hed|shed|theyd|hell|shell|theyll|gonna ~1 sort ~1 him|her|them|@ ~1 out', 'going to sort ~1 him|her|them|@ ~1 out', 'puts|put|shuts|shut|locks|leaves ~1 him|her|them ~3 shed|cupboard|cellar|garage|outside|garden|car ~2 when|if|for|as');
c('safeguarding', 4, 'kill|stab|batter|hurt ~1 him|her|them|@ ~2 and|after|if|when|tomorrow|monday', 'said|says|saying|told ~3 hed|shed|hell|shell|theyd|theyll|gonna|going|will ~2 kill|stab|hurt|batter|beat ~1 him|her|them|@', 'hand|hands|finger ~1 on ~1 my|him|her', 'hands off ~1 my ~1 son|daughter|child|boy|girl|kid|lad', 'hands off him|her|them', 'nearly|almost ~1 ran ~3 over', 'nearly|almost ~2 knocked|run|hit ~2 over|down', 'keep|keeps|kept ~1 calling|call ~1 him|her|them|@');
c('safeguarding', 3, 'upset|crying|tears|scared ~4 because|cos ~2 of ~1 that|this|those|a|the|some ~1 girl|boy|kid|child|lad|girls|boys|kids|lads');
c('safeguarding', 4, 'racist|racism|racial|homophobic|transphobic|sexist ~3 word|words|abuse|comment|comments|names|slur|slurs|remark|remarks|bullying|graffiti', 'said|says|saying|told ~4 all ~1 black|white|asian|muslim|muslims|polish|jewish|gay|brown|immigrants ~1 people|are|should', 'called ~2 racist|racial');
// ---- further word families for concerns said in other words (each covers a kind of harm, not one message)
// neglect seen by another parent: a child always hungry, clothes or shoes in holes, asking others for food
c('safeguarding', 2, 'always|constantly|permanently|often ~1 filthy|smelly', 'holes ~1 in ~2 shoes|trainers|clothes|uniform|trousers|socks|coat', 'shoes|trainers|clothes|uniform|trousers|socks|coat ~3 holes', 'shoes|trainers|clothes|uniform|trousers|socks|coat ~3 falling apart', 'asks|asking|begs|begging|steals|stealing ~4 for ~2 snack|snacks|food|lunch|sandwich|crisps|fruit');
// the hedges of someone reporting a worry about a child ("not my place", "thought you should know"): a hint
c('safeguarding', 1, 'not my place', 'just wanted ~2 someone|somebody|you|school ~1 to know', 'thought ~1 you|school|someone|somebody ~2 should|ought|need|might|would ~2 know', 'dont want to get involved', 'dont|didnt ~1 know who ~1 to ~1 tell|else', 'not sure ~1 if|whether ~2 anything', 'probably nothing but', 'live|living ~2 next door', 'live|living ~2 opposite|upstairs|downstairs|below|above|across');
// a parent gone, whereabouts unknown
c('safeguarding', 4, 'mum|dad|mother|father|mummy|daddy|parents ~2 disappeared|vanished|awol', 'mum|dad|mother|father|mummy|daddy|parents ~2 gone|went ~1 missing');
c('safeguarding', 2, 'gone off ~1 again', 'no idea where', 'where ~1 her|his|their ~1 mum|dad|mother|father|parents ~1 is|are|has|have|went|gone');
// exploitation: older youths or adults giving gifts or money, or asking a child to carry or drop things
c('safeguarding', 2, 'older ~1 lads|boys|kids|teenagers|teens|men|man|girls ~3 giving|gave|give|buying|bought|offering|offered|asking|asked|paying|paid');
c('safeguarding', 3, 'asking|asked|asks|making|made|makes|get|got|gets|paying|paid|pays ~1 him|her|them ~2 to ~1 drop|deliver|carry|hold|hide|take|run ~1 things|stuff|packages|parcels|bags|packets|something|drugs');
c('safeguarding', 1.5, 'wont|wouldnt|doesnt|didnt|refuses ~1 say|tell ~1 what|who|where', 'worried sick');
// sexual content: nudity, porn, adult or rude material seen or shown
c('safeguarding', 4, 'no|without ~1 clothes ~1 on', 'with nothing on', 'porn*', 'x rated', 'adult ~1 videos|films|sites|websites|content|pictures|pics', 'rude|dirty ~1 videos|pictures|photos|films|websites|sites|pics');
// self-harm said as a habit or a method ("cuts herself", "how to hurt yourself"), and searching for ways to die
c('safeguarding', 5, 'cuts|burns|burning|starves|starving|punches|punching|bangs|banging|hits|hitting ~1 himself|herself|themselves|themself', 'how to ~1 cut|hurt|harm|kill|starve|hang ~1 yourself|himself|herself|themselves|myself', 'how to ~1 overdose', 'how many ~3 tablets|pills|paracetamol|painkillers ~5 too many', 'how many ~3 tablets|pills|paracetamol|painkillers ~5 kill|die|dead|overdose', 'googling|googled|searching|searched|looked|looking ~3 how to ~1 die|disappear', 'hate|hates ~1 himself|herself|themselves', 'no point ~1 in ~1 living', 'no point ~2 being alive', 'not worth living');
c('safeguarding', 4, 'too many ~1 tablets|pills|paracetamol|painkillers', 'banging|bangs|hitting|hits ~1 his|her|their ~1 head ~2 wall|walls|floor|door');
c('sgInjury', 2, 'cut|burnt|burned|scratched|bit ~1 himself|herself|themselves');
// extremist talk: people who should be killed or wiped out, a coming war
c('safeguarding', 4, 'should|must|ought|deserve|deserves|need ~3 be ~1 wiped|killed|gassed|exterminated|hanged|bombed', 'a|the ~1 war ~1 is|was ~1 coming', 'a war coming', 'race war', 'holy war', 'white power', 'great replacement');
// a child left in charge of children, or alone for hours
c('safeguarding', 4, '5|6|7|8|9|10|11|12 ~1 year|yr|years ~1 old|olds ~4 looking|looks ~1 after', '5|6|7|8|9|10|11|12 ~1 year|yr|years ~1 old|olds ~4 babysitting|babysits|babysit|minding', '5|6|7|8|9|10|11|12 ~1 year|yr|years ~1 old|olds ~4 in charge');
c('safeguarding', 4, 'leave|leaves|leaving|left ~8 on their|his|her own ~3 evening|evenings|night|nights|weekend|weekends|hours', 'fine|ok|okay|alright|safe|used ~2 on his|her|their own ~1 for|till|until|while|when');
c('safeguarding', 2, 'got|gets ~1 himself|herself|themselves ~3 up|ready|dressed|breakfast|tea');
c('safeguarding', 2.5, 'hear|heard|hearing ~4 crying|screaming|shouting|yelling|smashing|banging|sobbing|screams');
// a parent at the end of their rope in other words
c('safeguarding', 5, 'do this any ~1 more|longer', 'cant|cannot ~2 do this ~1 any|anymore|no', 'deserve|deserves ~2 better ~1 than ~1 me', 'better ~1 mum|mother|dad|father|parent ~2 than ~1 me');
c('safeguarding', 2, 'end of my ~1 tether|rope|wits');
// the police at home in other words
c('safeguarding', 4, 'police ~2 raided|searched|took|taken|take|smashed|broke|burst|knocked|kicked', 'raided|raid ~3 house|home|flat|place', 'handcuffs|handcuffed');
// domestic abuse of the parent, and controlling behaviour
c('safeguarding', 4, 'hurting|hitting|beating|abusing|strangling|choking|controlling|threatening ~1 me|us|mum|mummy', 'coercive', 'controlling ~1 behaviour|relationship', 'abusive ~1 relationship|partner|ex|husband|boyfriend|dad|father');
// bullying in other words: being called something, cornered, tripped, spat at; money gone; begging not to go
c('safeguarding', 4, 'being|been|getting|gets|keeps ~2 called ~1 a|an|names', ...kid('corner|corners|cornered|cornering|trapped|trapping|tripped|tripping'), 'begging|begs|begged|pleading|pleads|pleaded ~3 not to ~2 go|come ~2 in|into|school|home|back|there|class|dads|mums|house', 'begging|begs|begged|pleading|pleads|pleaded ~3 not to ~1 take|send ~2 home|back|there|school');
c('safeguarding', 2, 'dinner|lunch|pocket|snack ~1 money ~2 gone|missing|stolen|taken');
c('safeguarding', 2, 'racist|racism|racially|homophobic');
// drugs at home in other words
c('safeguarding', 4, 'using ~1 again', 'back on ~1 the ~1 drugs|drink|gear|heroin|coke|crack|booze', 'funny|weird|strange ~1 smelling|smell|smelly ~1 cigarettes|smoke|fags', 'people ~3 didnt|doesnt|dont ~1 know ~4 sleeping|staying|floor');
// secrets and special games: grooming
c('safeguarding', 5, 'keep|keeping|keeps|kept ~1 secrets', 'special|secret ~1 game|games|cuddles', 'our|their|little ~1 secret|secrets');
// ... unless the secret is a surprise
c('safeguarding', -4, 'surprise|surprises', 'secret santa');
// a body part hurt by someone, said as "it" ("her brother twisted it")
c('sgInjury', 4, 'brother|sister|cousin|boy|girl|lad|kid|child|someone|somebody|man|woman|teacher|ta ~2 twisted|yanked|wrenched|squeezed|pinched ~1 it|them', 'brother|sister|cousin|boy|girl|lad|kid|child|someone|somebody|man|woman|teacher|ta ~2 twisted|yanked|wrenched|squeezed|pinched ~1 his|her ~1 arm|arms|wrist|wrists|ear|ears|fingers|finger|nose|neck|hand');
c('safeguarding', 1.5, 'has|got ~1 a ~2 temper');
// online: impersonation, and nasty things about a child spread round
c('safeguarding', 4, 'account|profile|page ~3 pretending|pretends ~1 to ~1 be', 'fake ~1 account|accounts|profile|profiles|page', 'nasty|horrible|vile|mean|cruel ~2 stuff|things|lies|rumours|pictures|photos|videos ~2 about|of ~1 him|her|them', 'nasty|horrible|vile|mean|cruel ~2 stuff|things|lies|rumours|pictures|photos|videos ~2 about|of ~1 my|our ~1 son|daughter|boy|girl|child|kid');
// private fostering: someone else's child living with a friend or neighbour
c('safeguarding', 4, 'friend|friends|neighbour|neighbours|mate|mates ~1 daughter|son|child|kid|boy|girl|kids|children ~8 living|lives|live ~1 with ~1 me|us', 'friend|friends|neighbour|neighbours|mate|mates ~1 daughter|son|child|kid|boy|girl|kids|children ~8 staying|moved ~3 with ~1 me|us ~4 weeks|months|foreseeable', 'private fostering');
c('safeguarding', 2, 'im|were|am|are ~1 not ~1 family|related');
// no adult in: a child out late most nights, nobody ever home
c('safeguarding', 3, 'nobody|noone ~4 in|home|around|about|there ~2 most|every|all|ever|again', 'no one ~4 in|home|around|about|there ~2 most|every|all|ever|again', 'nobody|noone ~1 ever ~3 in|home|around|there', 'no one ~1 ever ~3 in|home|around|there', 'til|till|until|after ~2 10|11|12|midnight ~2 most|every|all ~1 night|nights', 'out ~4 till|til|until ~2 10|11|12|midnight');
// threats to a child by others, said in any violent verb: "told him they'd kick his head in"
c('safeguarding', 4, 'told|tells|telling|said|says|saying|threatened ~4 theyd|hed|shed|theyll|hell|gonna|going ~2 kick|punch|stab|batter|beat|hurt|smash|knife|jump|kill|hit ~1 him|her|them|@|his|her');
// racist or xenophobic abuse reported: "told her to go back to Poland"
c('safeguarding', 4, 'told|tells|telling|said|says|saying|shouted|shouts|called|calls ~5 go|off|get ~1 back ~1 to|home|where');
// self-worth in a child's words
c('safeguarding', 4, 'shouldnt ~1 be|been ~1 here|alive|born', 'should not ~1 be|been ~1 here|alive|born', 'wish|wishes|wished ~3 wasnt|werent ~1 here|alive|born');
// a parent who cannot look after the child; a child sent to stay with someone else
c('safeguarding', 4, 'come|came|moved|sent ~2 to ~1 stay|live ~1 with ~1 me|us ~6 year|months|foreseeable|term');
c('safeguarding', 2, 'cant|cannot|couldnt|unable ~2 look ~1 after ~1 her|him|them', 'cant|cannot|couldnt|unable ~2 care ~1 for ~1 her|him|them');
// punishment that deprives: sleeping on the floor, food withheld
c('safeguarding', 4, 'makes|made|make|making ~1 her|him|them ~1 sleep ~3 floor|outside|car|shed|garden|landing', 'doesnt|dont|wont|never|not ~1 give|feed ~1 her|him|them ~2 tea|food|dinner|breakfast|lunch|meals');
// a young child out of school alone
c('safeguarding', 4, 'came|come|walked|wandered|got|went|let ~3 out ~1 of ~2 school|class|classroom|room|hall|playground|nursery|building|gate|gates ~2 on his|her|their own', 'came|come|walked|wandered|got|went ~3 out ~1 of ~2 school|class|classroom|room|hall|playground|nursery|building|gate|gates ~2 alone', 'walked|wandered|went ~3 on his|her|their own ~3 shop|shops|road|street|park');
// homes in crisis in other words: hostels and emergency housing, no hot water for months
c('safeguarding', 4, 'hostel|hostels', 'temporary|emergency ~1 accommodation|housing', 'no hot water', 'no ~1 heating|water|electric|electricity ~3 since|for ~2 weeks|months');
c('safeguarding', -4, 'youth hostel|hostels');

// who is at risk from whom (combined in index.ts): an adult at home with a harmful act in the same sentence
c('homeAdult', 1, 'dad|daddy|mum|mummy|mam|stepdad|stepmum|father|mother|partner|boyfriend|girlfriend|uncle|aunty|auntie|aunt|cousin|grandad|grandma|nan|ex|stepbrother|stepsister|babysitter|lodger|husband|wife|fella');
c('harmAct', 1, 'shout|shouts|shouting|shouted|scream|screams|screaming|screamed|yell|yells|yelling|swears|threw|throws|throwing|smashed|smashing|threatening|threatened|threatens|rough|drunk|drinking|hurts|hurting|smacks|slaps|slapped|kicked|kicks|punched|punches|beats|choked|chokes|strangled|locks|locked|scares|frightens|grabbed|grabs|pushed|pushes|shoved', 'kicked|kicks|kicking off', 'kicks off', 'gets|got|getting ~1 angry|violent|nasty|physical', 'lashes|lashed|lashing out', 'goes mad');
// asking the school not to let the child go with someone (a concern when a reason comes with it, index.ts)
c('noRelease', 2, 'not|dont|never|nobody ~2 let|letting ~3 go|walk|leave|home|out ~2 with', 'dont|not|never ~1 let ~1 him|her|them ~1 take|collect|have|near', 'not ~1 let ~1 go ~1 with', 'isnt|not ~1 let ~1 go', 'doesnt|dont|not ~1 go|leave|walk ~3 with ~1 anyone|anybody|him|her ~1 but|except|other', 'only ~1 me|mum|dad|i ~3 collect|pick|take', 'not ~1 to ~1 let ~1 him|her|them|anyone', 'do not let', 'not ~1 go ~2 with her|his ~1 dad|mum|uncle|aunt|cousin|brother|sister|nan|grandad');

// ---------------------------------------------------------------- absence
c('offToday', 4, 'wont|not|cant be in|into', 'will not be in|into', 'not coming ~1 in|into', 'not coming to school', 'not bringing ~1 him|her|them ~1 in', 'keeping ~2 off|home', 'keep|kept him|her|them off|home today|tomorrow|school|sick|till|until|for|this|rest', 'staying|stay|stays ~1 home|off', 'off today|sick', 'off school', 'no school for', 'not in today', 'off ~2 rest of the week');
c('offToday', 4, 'be|is|come|coming ~1 in ~1 late', 'in late ~1 today|this', 'late in ~1 today|this', 'not ~2 make it ~1 in|into|today', 'not ~2 make it to school');
c('offToday', -4, 'be in a|the|same ~1 group|team|class|set|photo|photos|play|show|choir');
c('absence', 3, 'absent|absence|attendance|unauthorised|authorised', 'holiday', 'term time', 'take ~1 him|her|them|@ ~1 out', 'days|day off', 'leave ~1 request', 'authorised leave', 'stay off', '48 hour|hr', '48hr');
c('absence', -3, 'off work', 'day|time|afternoon|morning|days ~1 off work', 'booked ~2 off', 'or ~2 keep|keeping ~1 him|her|them ~1 off|home');
c('absence', 1.5, 'holidays');
c('absence', 2, 'late in', 'late today', 'late this morning', 'be late', 'be in for|by', 'in for about', 'overslept', 'be there by', 'be in about', 'back tomorrow|tmrw|monday|tuesday|wednesday|thursday|friday', 'back on ~1 monday|tuesday|wednesday|thursday|friday|the', 'not be back', 'might not be back', 'how long ~3 stay off');
c('absence', 3, 'in after ~1 lunch|dinner|break', 'take|taking ~2 out ~3 days|day|week', 'late notice');
c('absence', 3, 'leave|leaving ~1 at|early ~4 appointment|appt|dentist|hospital|doctors|clinic|orthodontist|optician', 'get|getting ~1 him|her|them ~1 back ~1 in|into|to', 'been off ~3 weeks|days|week|month', 'back ~1 into|to ~1 school');
c('absence', 2.5, 'be ~2 # ~1 mins|minutes ~1 late', 'be there|in ~2 for|by ~1 8|9|10|11', 'car|bus ~3 wont|won|broke|broken|died ~1 start|down', 'be off ~3 for|on|next|tomorrow|monday|tuesday|wednesday|thursday|friday', 'off ~1 for ~1 eid|diwali|passover|the');
c('absence', 1.5, 'he|she|hes|shes|is|was|been|feeling|very|really|still|so ~1 ill', 'sick|poorly|unwell|temp|temperature|vomiting|vomit|d|bug|covid|pox|tonsillitis|tonsilitis|migraine|cold|flu|rash|conjunctivitis|sickness|diarrhoea|fever|chickenpox|virus|chest', 'hand foot and mouth', 'been sick', 'throwing up', 'pink eye');
c('appointment', 2, 'appointment|appointments|appt|apointment|dentist|orthodontist|optician|opticians|doctors|clinic|camhs|hospital|fracture|assessment', 'blood test');
c('absence', 1, 'wedding|funeral');
c('absence', 2, 'attendance ~2 is|was|at|of|now ~1 #');
c('absence', 3, 'off ~1 all ~1 day|week|morning|afternoon', 'be a bit|little ~1 late');
c('appointment', 2, 'follow up');
c('offToday', 4, 'neither ~1 of ~1 them|us ~2 in|coming|be');

// ---------------------------------------------------------------- medical
c('medical', 3, 'medication|medicine|medicines|meds|medical', 'inhaler|inhalers|epipen|spacer', 'epi pen', 'auto injector', 'insulin|diabetes|diabetic|hypo|hypos|cgm|libre', 'blood sugar', 'sugar|sugars', 'pump site', 'seizure|seizures|epilepsy|epileptic', 'care plan', 'healthcare plan', 'health care plan');
c('medical', 2.5, 'keppra|valproate|methylphenidate|melatonin|ritalin|antibiotics|antibiotic|penicillin|amoxicillin|paracetamol|calpol|ibuprofen|piriton|antihistamine|antihistamines|cetirizine|steroids|steroid|salbutamol', 'drops', 'cream|creams|ointment', 'eczema|asthma|allergy|allergies|allergic|anaphylaxis|anaphylactic|coeliac|gluten|nut|nuts|peanut|peanuts', 'dose|dosage|ml|mg');
c('medical', 2.5, 'splint|splints|wheelchair|crutches|cast|sling|glasses|hoist|walker', 'hearing aid|aids', 'hearing test', 'botox|operation|surgery|stitches|injection|injections', 'jabs|vaccination|vaccine|immunisation|immunisations', 'flu spray|vaccine', 'nosebleed|nosebleeds', 'head injury', 'a e', 'a and e');
c('medical', 2.5, 'braces|brace|retainer', 'leg|arm|foot|wrist|ankle ~2 in ~1 a|the ~1 boot|cast|sling|plaster|brace|splint', 'no running|contact|climbing');
c('medical', 2.5, 'new ~1 wheelchair|splint|splints|walker|frame|glasses|aids|boot', 'wheelchair services', 'equipment');
c('medical', 1.5, 'prescription|prescribed|pharmacy|chemist', 'consultant|paediatrician|neurologist|neuro|audiologist|optician|ophthalmologist|orthoptist|dermatologist|cardiologist|allergist|dietitian|dietician|nurse|gp|doctor|hospital', 'diagnosed', 'physio', 'no pe', 'sit out ~2 pe', 'out of pe', 'policy on giving', 'consent form', 'period pains');
c('medWhen', 3, 'at|before|after ~1 lunch|lunchtime|dinner|dinnertime|break|breaktime|playtime|12', 'at # ?am|pm');
c('medAction', 3, 'keep|keeping ~1 an ~1 eye', 'check|checks|checking ~1 him|her|on|he|she|@', 'ring|call|phone ~1 me ~1 if', 'no pe today', 'today', 'this afternoon', 'straight away', 'this time');
c('medAction', 3, 'this morning', 'forgot|forgotten|forget|left ~5 inhaler|inhalers|medicine|medication|meds|epipen|tablets|insulin|spacer|drops|cream', 'drop|bring|dropping|bringing ~6 office|reception|school|in ~3 by|at|before|this|now', 'needs ~2 inhaler|medicine|medication|cream|drops ~3 before|after|at ~2 today|tonight|lunch|club|pe|football|swimming');
c('medAcute', 3, 'seizure|seizures|fit|wheezy|wheezing|wheeze|sugar|sugars|hypo|pump|nosebleed|reaction|bumped|injections|jabs|sore', 'run|ran out', 'didnt have', 'asthma attack');
c('medNotInSchool', 4, 'nothing ~3 in school', 'not given in school', 'none of it', 'only at night', 'at night', 'from now on', 'when|before|until ~1 he|she|hes|shes|they ~1 back|returns|starts|start|goes', 'from monday|tomorrow|next');
c('medNotInSchool', 4, 'no need to ~2 give|do', 'at home now', 'only at home', 'can ~1 do|go|start ~2 pe|swimming|games ~1 again', 'is|are|came|come|comes ~1 off', 'back to normal');

// ---------------------------------------------------------------- transport
c('transport', 3, 'taxi|taxis|cab|escort|escorts|transport', 'home time');
c('transport', 1.5, 'bus|buses|driver|seatbelt|council', 'contact list', 'on ~1 his|her|the ~1 list', 'password is');
c('transport', 3, 'minibus|minibuses', 'seat|place ~1 on ~3 bus|minibus|taxi|coach');
c('transport', 2, 'school bus|buses');
c('collect', 3, 'collect|collecting|collection|collects|collected', 'pick|picking|picks|pickin ~1 him|her|them|@ ~1 up', 'pick up', 'picking up', 'pickup', 'drop|drops|dropping|dropped ~1 him|her|them|@ ~1 off|at', 'drop off|offs', 'dropped off', 'go|going|goes|walk|walking|walks|come ~1 home', 'go home with', 'walking to school', 'instead of ~3 taxi|bus|me|her|him|home', 'no taxi', 'dropped at|off');
c('collect', 3, 'pick ~1 ups', 'pickups');
c('transport', 3, 'wont|doesnt|not|longer ~1 need ~2 taxi|bus|escort|minibus');
c('collect', 3, 'getting|get ~1 @ ~1 today|tonight|after|from|at', 'gettin|pickin|collectin ~1 him|her|them|@', 'getting ~1 him|her|them ~2 today|tonight|tonite|2day|nite', 'change|changing ~3 collection|pickup|pick', 'come|coming ~1 myself');
c('collect', 3, 'picked|collected ~1 up ~1 by', 'be ~1 picked|collected ~1 by', 'get|fetch ~1 him|her|them|@ ~1 from');
c('beThere', 3, 'be at ~3 gate|gates|door|office|reception ~2 at|by ~1 2|3|4|5|6', 'be there|outside ~3 2|3|4|5|6', 'at the gate ~3 2|3|4|5|6');
c('collect', 3, 'cant|cannot|couldnt|wont|not ~1 get|collect|fetch ~1 him|her|them|@', 'get|take|catch|getting|taking ~2 bus|taxi ~2 home|tonight|today|instead');
c('pickupLate', 4, 'late ~1 picking|collecting|getting ~1 up|him|her|them|@', 'in traffic', 'stuck ~2 traffic|motorway|m|roadworks|accident', 'stuck ~2 a #', 'late ~2 pick|pickup|collecting|collection', 'stay|wait|keep ~3 until|till ~1 i|about|#', 'till|until i get there');
c('pickupLate', 4, 'keep|keeping ~1 him|her|them|@ ~2 office|reception|class', 'minutes|mins ~1 away', 'as soon as i can');
c('pickupLate', 4, 'wait|stay|sit|waiting ~3 office|reception');
// With no day named, a collection change at a time "instead of the taxi" is for today.
c('changeNow', 1, 'instead', 'change of ~1 plan|plans', 'not the taxi|bus', 'no taxi|bus');
c('clockTime', 1, 'at|by # ?pm|am|15|30|45');
c('noShow', 5, 'taxi|taxis|bus|driver|escort|cab ~4 not|nt|isnt|hasnt|havent|didnt|never|still ~2 turned|turn|come|came|arrived|here|shown|show', 'not turned up', 'nobody|nobodys|noone ~2 turned|come|shown|turn ~1 up', 'no one ~2 turned|come|shown|turn ~1 up', 'no sign of ~2 taxi|bus|driver', 'where|wheres ~2 the ~1 taxi|bus|driver', 'taxi|bus ~1 late ~1 again|today', 'taxi|bus ~1 is late', 'not here yet');
c('noShow', 5, 'taxi|bus|driver|escort|cab ~3 half ~2 hour ~1 late', 'taxi|bus|driver|escort|cab ~3 over|nearly|almost ~3 late', 'where is|wheres ~1 the ~1 taxi|bus|driver|escort', 'left|went|drove|gone ~1 without ~1 him|her|them|@', 'didnt|didn|never|not ~1 wait ~1 for ~1 him|her|them|@', 'stood|standing|waiting|sat ~4 since # ?am|pm|15|30|45', 'get ~3 taxi|bus|driver ~1 here', 'bus|taxi ~3 # ~1 mins|minutes ~1 late');
c('transport', -3, 'picking up the phone');
c('collect', -3, 'at|after|before|by ~1 pick|drop ~1 up|off', 'at|after|before|by ~1 pickup|hometime|collection', 'at|after|before|by home time', 'pick up system|time|times|arrangements', 'picking up ~2 ways|bad|habits|words');
c('collect', -3, 'pick|picking|collect|collecting ~1 up ~3 folder|book|books|bag|coat|kit|form|forms|letter|parcel|jumper|uniform|lunchbox|bottle|tickets|ticket|costume|work|homework|medication|medicine|inhaler|prescription|glasses', 'collect|collecting ~3 folder|book|books|bag|coat|kit|form|forms|letter|parcel|jumper|uniform|lunchbox|bottle|tickets|ticket|costume|homework|glasses');

// ---------------------------------------------------------------- family
c('family', 3, 'separated|separating|divorce|divorced|divorcing', 'split|splitting ~1 up', 'moved out', 'moved back in', 'back together', 'passed away', 'died|death|bereavement|bereaved', 'put to sleep', 'new baby', 'baby brother|sister', 'born', 'moved house|home', 'moving house|home', 'new address', 'since we moved', 'working away', 'deployed', 'prison', 'foster*', 'living with me|us', 'lives with me|us');
c('family', 3, 'adopted|adopting|adoption', 'change|changes ~1 at home', 'special guardianship', 'kinship');
c('family', 2, 'wobbly', 'out of sorts', 'might be ~3 unsettled|upset|dysregulated|off|quiet|tired|wobbly|emotional|anxious|clingy', 'up and down', 'unsettled|clingy|heartbroken|tearful|nightmares|excitable|jealous', 'not sleeping', 'wetting the bed', 'crying ~2 every|at bedtime|morning|night', 'refusing|refuses', 'hitting ~3 sister|brother|siblings', 'behaviour at home', 'at home ~3 hitting|screaming', 'so worried about', 'hates everyone', 'no friends', 'in hospital', 'grandma|grandad|nan|nanna|granny|grandpa ~4 poorly|hospital|passed|died', 'dog|cat|hamster|pet|rabbit|guinea|puppy|kitten ~3 died|passed|put|run|killed|lost');
c('family', 1, 'heads up', 'just so you know', 'just so youre aware', 'so youre aware', 'let you know', 'letting you know', 'worried|meltdown|crying|upset|anxious');
c('family', 2, 'accidents ~2 pants|bed', 'accidents ~2 at home', 'be discreet');
c('family', 2, 'angry|aggressive ~3 at home|lately|recently', 'slamming ~1 doors');
c('family', 2, 'swearing|lying|stealing|tantrums|meltdowns|fighting ~4 at home');
c('family', 4, 'having ~1 my|the|our|a ~1 baby');
c('family', 3, 'living|live|lives|staying ~1 with ~1 her|his|their ~1 dad|mum|father|mother|nan|grandparents|grandma|grandad|aunt|auntie|aunty ~3 from|during|now|week|weekdays|permanently');
c('family', 2, 'bear with ~1 him|her|them|us');
c('family', 3, 'best friend ~4 moving|leaving|left|moved|fell|falling', 'came|come|coming ~1 out ~1 to ~1 us|me|family|his|her|their|friends', 'come|came|coming ~1 out ~1 as');
c('family', 2.5, 'tlc', 'extra ~1 care|hugs|reassurance|cuddles');
c('family', 2, 'really|very|so|quite ~1 quiet', 'wont stop crying');

// ---------------------------------------------------------------- learning
c('learning', 3, 'parents|parent evening', 'homework|homeworks|spellings|spelling|phonics', 'reading book|books', 'times tables', 'rockstars|ttrs', 'progress', 'working towards', 'greater depth', 'reading challenge');
c('learning', 2, 'maths|math|english|writing|science|fractions|reading', 'report', 'target|targets', 'purple mash', 'seesaw|tapestry|dojo|login', 'workshop', 'work ~1 sent|home', 'home learning', 'project', 'sats', 'spelling|spellings|maths|tables ~1 test|tests', 'books', 'learning', 'red card|cards', 'behaviour in class', 'table in', 'answer sheet', 'challenging');
c('learning', 1, 'meeting|book|level|levels|struggling|understand|practise|practice|class|teacher|read|reads');
c('learning', 3, 'seating plan|plans', 'seating ~1 arrangements|arrangement');
c('learning', 2, 'copy|copies ~3 report|reports');

// ---------------------------------------------------------------- send
c('send', 4, 'ehcp|ehcps|ehc', 'annual review', 'support plan', 'iep', 'one page profile', 'pupil passport', 'senco', 'salt|slt', 'speech and language', 'speech therapy|therapist', 'ot', 'occupational therap*', 'educational psychologist', 'ep', 'needs assessment', 'section f|b|i', 'ear defenders', 'visual timetable', 'now and next', 'sensory');
c('send', 4, 'sen register', 'what|any|extra|more ~1 support ~5 put|place|school|get|gets|offer', 'the support ~2 gets|get|getting|has', 'support ~3 put in place');
c('send', 4, 'assessed|assessment|assess|tested|test|referral|referred|screening|screened ~3 dyslexia|dyslexic|autism|autistic|adhd|asd|dyspraxia|dyscalculia|sen|send');
c('send', 2.5, 'fidget*', 'movement breaks', 'specialist ~2 unit|provision|school|placement', 'transition plan', 'caseworker', 'send team', 'provision', 'dla', 'behaviour plan', 'quiet|quieter|calm ~1 room|space|area', 'physio exercises|programme', 'consultation|consultations', 'tribunal', 'his|her|the plan');
c('send', 1.5, 'review', 'secondary ~2 placement|placements|schools|school');
c('send', 0.75, 'autism|autistic|asd|adhd|dyslexia|dyslexic|dyspraxia|sen|send|semh|dysregulated|overwhelmed|noise|needs|hours|disabled|disability');
c('send', 2, 'diagnosed ~2 autism|adhd|asd|dyslexia|dyspraxia');
c('send', 3, '1 1', 'one to one');
c('send', 3, 'sen ~1 meeting|review|support|team|needs|department|provision|plan|plans', 'send ~1 department|provision|meeting');
c('send', 2, 'too|really|very|so ~1 loud|noisy', 'noise ~2 sensitive|sensitivity');

// ---------------------------------------------------------------- complaint
c('complaint', 5, 'formal|formally ~1 complaint|complain', 'complaints procedure|policy');
c('complaint', 3.5, 'complain|complaint|complaining|appeal|appealing');
c('complaint', -3, 'complain* to ~1 ofsted|la|council|governors|mp');
c('complaint', 3, 'exclusion|exclusions|excluded|exclude|suspended|suspension', 'kept in', 'detention', 'golden time', 'break|breaks|playtime|lunch ~1 taken away', 'was|were|been|got|gets|being|is|get ~1 sent home', 'sends ~2 home', 'isolation', 'not|wasnt|isnt|never ~2 allowed ~4 trip|trips|residential|party|disco|bowling|go|going', 'not ~1 let ~3 go on', 'not to let', 'decision', 'disagree', 'dont agree', 'do not agree', 'reconsider*', 'rethink*', 'raise a concern', 'not fair', 'unfair', 'punishment', 'why wasnt i', 'was i not told', 'nobody|noone ~1 told|rang|phoned|called|said|informed|tells ~1 me|us', 'no one ~1 told|rang|phoned|called|said|informed|tells ~1 me|us', 'without ~1 telling|asking|talking|anyone|consulting|informing', 'find|found|finding ~1 out ~3 another|other|parent|parents|facebook|whatsapp', 'had to find out', 'way ~3 spoke|spoken|speaks|handled|dealt|treated|talked', 'how ~3 handled|dealt|managed|recorded', 'nobody|noone ~1 listens|listening', 'no one ~1 listens|listening', 'who|whoever ~2 decided', 'if this|it|that ~2 isnt|not ~1 changed|sorted|resolved|reversed', 'left ~1 off|out ~3 trip|trips|team|list|residential|party|photo', 'banned|excluded ~1 from ~3 trip|trips|team|residential|party|disco', 'someone listens', 'nothing has changed', 'no notice', 'more notice|warning', 'actually|even|properly qualified|trained', 'shouldnt be ~1 teaching|working|allowed', 'not having a|him|her|my|that|men|male', 'putting|put ~1 him|her ~1 with', 'putting|put ~1 him|her in with', 'want ~1 him|her|them ~1 moved', 'not like them', 'moved ~3 class', 'move ~3 to ~2 class', 'shouts|shouted|shouting|screamed|screams ~1 at ~1 my|him|her', 'left standing', 'gate ~4 shut|locked|closed', 'not|isnt good enough', 'not acceptable', 'isnt acceptable', 'unacceptable', 'not his|her fault');
c('complaint', 3, 'investigation', 'not allowed to ~1 play|join|go|take|sit', 'missed ~2 because');
c('complaint', 3, 'why ~4 not|nobody|noone ~1 ring|rang|call|called|phone|phoned|tell|told|inform|informed|let', 'shouts|shouted|shouting|screamed|yelled ~1 at ~1 @', 'in front of ~2 whole|class|everyone|everybody ~2 for|because|when');
c('complaint', 3, 'behaviour|warning|red|yellow ~1 point|points|card|cards', 'for something ~4 didnt|did', 'another|other ~1 child|children|kid|kids|boy|girl ~1 did', 'someone else ~1 did');
c('complaint', 2, 'i think ~4 wrong', 'is|its|was ~1 wrong');
c('complaint', 1.5, 'not happy', 'unhappy|disgusted|disappointed|appalled|furious|fuming|livid|ridiculous|shambles|disgrace|upsetting|blamed', 'i felt', 'no note', 'explanation', 'speak|talk to ~2 head|headteacher', 'see the head', 'meeting with ~3 head|headteacher', 'head teacher', 'the head', 'dear head', 'remove it', 'next time', 'nobody noticed', 'looked into', 'looked at', 'one more time', 'someone else needs to', 'the policy');
c('complaint', 3, 'change|move|switch ~1 class|classes|teacher|teachers', 'day before', 'last minute', 'only came home ~2 yesterday|today|the');
c('complaint', 0.5, 'governors|ofsted|mp|solicitor|papers|council|why|again');
// objecting in other words: short notice, a concern raised, a decision questioned, being hung up on, a call to act
c('complaint', 3, 'came|went|sent|given ~3 # ~1 days|day|hours ~1 before|notice', 'only ~2 # ~1 days|day|hours ~1 notice|before', 'not everyone can ~1 afford|find|pay|get');
c('complaint', 3.5, 'raise|raising|raised ~2 concern|concerns');
c('complaint', 2, 'dont|doesnt|didnt ~1 add up', 'how ~3 was|were ~1 decided|chosen', 'its|thats ~1 not right', 'it is ~1 not right', 'why ~4 was|were|been|is|has|have ~2 moved|removed|dropped|excluded|taken|given|put|allowed|chosen|appointed|changed');
c('complaint', 3, 'is|was ~1 that|this ~1 appropriate|professional|acceptable', 'investigat*', 'surely ~4 something|someone|somebody ~3 done|do|sort', 'lack of ~1 communication|information|support|response|reply|replies|action|updates', 'hung up ~2 on ~1 me|us', 'put the phone down on', 'rude to me', 'not|wasnt|werent|isnt|never ~1 picked|chosen|selected ~3 for|again', 'always|same ~3 get|gets ~1 chosen|picked', 'special treatment', 'favouritism', 'if ~6 isnt|not|arent ~1 brought|put ~1 back', 'if ~6 isnt|not|arent ~1 reinstated|reversed|returned');
c('complaint', 2, 'third|3rd|fourth|4th|fifth|5th ~1 letter|note|email ~4 this|about');
c('complaint', 1.5, 'frustrated|frustrating', 'is it true');
c('complaint', 2, 'cancelled|changed|moved|rearranged ~5 notice');
c('complaint', 3, 'is|was ~1 that|this ~1 fair', 'unhappy|disappointed|upset|angry|furious|happy ~3 with|about|at ~1 how', 'unhappy|disappointed|upset|angry|furious|happy ~3 with|about|at ~1 the ~1 way');
// ... and letting it go ("but never mind, when's the next one?"), or a fairness argument about other children
c('complaint', -2, 'never mind|nevermind', 'not to worry', 'doesnt matter', 'no harm done');
c('complaint', -3, 'not fair on ~1 the ~1 normal');

// ---------------------------------------------------------------- general (office matters)
c('general', 3, 'trip|trips|panto|pantomime|disco|fair|fete|raffle|nativity|concert|residential|bowling|museum|zoo|theatre', 'school photos', 'harvest festival', 'cake sale', 'bake sale', 'non uniform', 'jumper day', 'christmas jumper', 'book fair', 'sports day', 'coffee morning', 'forest school');
c('general', 2.5, 'uniform|jumper|jumpers|cardigan|wellies|costume|trousers', 'pe kit|top', 'lost property', 'dinner money', 'dinners|diners', 'school dinner|dinners', 'dinner lady|ladies', 'packed lunch|lunches', 'free school meals', 'menu', 'kitchen', 'vegetarian', 'parentpay', 'parent pay', 'refund', 'term dates', 'inset', 'half term dates|date', 'break up', 'policy|policies', 'last day', 'leaving ~1 do|assembly|party|disco|hoodie|hoodies|date|service|school', 'leavers', 'new school', 'moving schools', 'breakfast club', 'after school club', 'club|clubs', 'volunteer|volunteers|volunteering', 'dbs', 'new ~1 mobile|phone|number', 'mobile number', 'contact details', 'email address', 'swimming kit', 'snow', 'finish early', 'early finish', 'what time does school', 'photo box');
c('general', 3, 'off ?the roll', 'moving ~1 to ~3 area|city|town|leeds|london|abroad|scotland|wales', 'moving away', 'leaving ~1 the ~1 school');
c('general', 2, 'open|closed|closes|closing');
c('general', 1, 'half term');
c('general', 2.5, 'dates|date ~3 term|half|holidays|christmas|easter|summer|inset');
c('general', 1.5, 'pay|paid|payment|payments|money|cost|cash|instalments|fee|tab|refunded', 'letter', 'consent', 'form', 'photos|photo', 'swimming', 'food|eat|eats|sandwich|cheese|lunch', 'play', 'assembly', 'event|events');
c('general', 2.5, 'world book day', 'secondary school ~1 place|places|application|applications', 'apply ~2 for ~2 place|places', 'what ~2 they ~1 need ~2 wear|bring|take', 'farm', 'school photo|photos');
c('general', 2.5, 'handed in', 'dress|dressing ~1 up', 'coat|jumper|cardigan ~3 label|name|tag');
c('general', 2.5, 'halal|kosher', 'christmas dinner|lunch', 'money back', 'nits|headlice', 'head lice', 'lost ~3 his|her|their|my ~1 coat|jumper|cardigan|shoes|trainers|bag|bottle|lunchbox|hat|gloves|scarf|kit|book|tie|blazer', 'coat|jumper|cardigan|shoes|trainers|lunchbox|hat|gloves|scarf|blazer ~3 missing|lost|gone');
c('general', 2.5, 'tournament|tournaments|fixture|fixtures|competition|gala', 'spare ~1 kit|clothes|uniform|pants|socks|jumper|shoes', 'pe bag|bags');
c('general', 2.5, 'patka|turban|turbans|hijab|hijabs|headscarf|headscarves|kara|kippah', 'religious ~1 dress|clothing|items', 'ok|okay|allowed ~1 for|in ~1 pe|swimming|school');
c('general', 3, 'blue badge', 'disabled|parking ~1 bay|bays|space|spaces');
c('general', 1.5, 'borrow|borrowing', 'parking');

// ---------------------------------------------------------------- none: thanks, wrong numbers, spam
c('none', 4, 'wrong number|person', 'ignore that', 'not meant for you', 'is this still', 'is that the ~1 vets|dentist|garage|takeaway|salon', 'parcel', 'redelivery', 'royal mail', 'evri|dpd|hermes|unsubscribe', 'have a lovely|good|great|nice ~1 half|christmas|holiday|holidays|weekend|break|summer|easter|day|time', 'congratulations|congrats');
c('none', 4, 'who is this|that', 'whos this', 'dont|not|longer ~1 have ~1 a ~1 child|kid|son|daughter|children ~2 at|in');
c('none', 2, 'thank|thanks|thankyou ~3 for ~4 sorting|sorted|resolving|dealing|quick|quickly|help|everything|helping|looking|letting|listening', 'really|much ~1 appreciated');
c('none', 1.5, 'made up', 'over the moon', 'made my day', 'well deserved', 'babe|hun|hunny|mate|darts|van|vets', 'on ~1 the|ur|your ~1 way home');
c('none', 2, 'thank|thanks|thankyou ~3 for ~3 lovely|the|ringing|calling|coming', 'it helped', 'were fab|brilliant|amazing');
c('none', 3, 'pass on ~2 our|my|all|the ~1 thanks|thank', 'please pass ~3 thanks', 'thank you for telling|letting|sorting');
// Thanks count towards `none` only when the message asks for nothing (index.ts).
c('thanks', 1.5, 'thank|thanks|thankyou|thx', 'cheers', 'merry christmas', 'happy new year|easter|holidays');

// ---------------------------------------------------------------- timing
c('today', 1, 'today|tonight|tonite|2day', '2 day|nite|nyt', 'this morning|afternoon|evening', 'right now', 'at the moment', 'home time', 'hometime');
c('later', 1, 'tomorrow|tmrw|tmr|tomoz|tommorow|tommorrow|tomorow', '2 moro|morrow|mrw|mz', 'next ~1 week|month|term|year|time|half|monday|tuesday|wednesday|thursday|friday|mon|tues|weds|thurs|fri', 'from ~1 next|monday|tuesday|wednesday|thursday|friday|the|january|september', 'after ~1 christmas|easter|half', 'mondays|tuesdays|wednesdays|thursdays|fridays', 'on the # ?st|nd|rd|th', 'jan|january|feb|february|march|apr|april|june|jul|july|aug|august|sept|september|oct|october|nov|november|dec|december');
c('past', 1, 'yesterday|yday|yest|overnight', 'last ~1 week|monday|tuesday|wednesday|thursday|friday|time|term|night', 'in the night');
c('weekday', 1, 'monday|mon|tuesday|tues|tue|wednesday|weds|thursday|thurs|thur|thu|friday|fri|saturday|sunday');

// ---------------------------------------------------------------- flagged messages: what is asked, about whom, where
c('request', 1, 'can|could|would|will ~1 you|u|someone|somebody|anyone|i|he|she|we|they', 'please|pls|plz|pleas', 'i|id ~1 want|need|like|expect', 'sort ~1 it|this|out', 'put it back', 'tell me|us', 'let me know', 'explain', 'change|move|stop|remove|give|send ~2 him|her|it|them|my|the', 'make sure', 'keep ~3 away|apart', 'needs to|need to', 'tell|ask ~4 to ~1 wait|stop|keep|make|let|give|come|leave|check|move');
c('ownChild', 1, 'my ~1 son|daughter|boy|girl|child|kid|lad|little');
c('announce', 1, 'facebook|tiktok|whatsapp|instagram|twitter', 'parents|parent page|group', 'mums|mum page|group', 'going on', 'posting|post|naming', 'everyone ~3 know|hear|see');
c('separate', 1, 'away from ~3 kids|children|boy|boys|girl|girls|family|families|him|her|them|mine|@|lad|lads|child|pupil|pupils|son|daughter|ones', 'keep ~3 away|apart', 'not ~3 paired|partnered|sat|grouped ~1 with', 'not ~2 in a group with', 'different seat|table|group', 'same bus|taxi|table|class|group ~1 as', 'move ~3 away', 'keep ~3 hands off');
c('placeTrip', 1, 'trip|trips|fair|fete|disco|museum|zoo|party|residential|gate|gates|playground|panto|theatre|lunch|dinner|food');
c('placeBus', 1, 'bus|taxi|escort|coach');
c('placeClass', 1, 'class|classroom|lesson|lessons|table|group|groups|set|sets');
c('schoolContext', 1, 'school|class|teacher|office|mr|mrs|miss|ms|head|staff|son|daughter|year|reception|ta|senco|term|trip|lunch');

export const topicCues = cues;
export const topicMatcher = new PhraseMatcher<Family>(cues);
