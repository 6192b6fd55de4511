/**
 * Conduct flags from a message's own words: abusive, threat, discriminatory, profanity, defamatory
 * (vexatious needs the sender's history and is judged elsewhere). Rules, not a model: each finding
 * carries the words that triggered it, so a reviewer can see why.
 *
 * How the rules are organised:
 * - swearing.ts   finds swear words and slurs however written (plain, masked, spaced, leetspeak via obscenity);
 *                 lexicon.ts holds the UK table with Ofcom 2016 strengths (strength 1 is not flagged).
 * - targets.ts    works out who a remark is aimed at (you / staff / the school / a person / the writer).
 * - abusive.ts    insult words with a target, contemptuous phrases, swearing aimed at someone.
 * - threat.ts     violence the writer will do, veiled threats, confrontations, disruption.
 * - discriminatory.ts  slurs, identity words with generalising/excluding constructions, stereotypes.
 * - defamatory.ts damaging claims about staff or the school, announced posts on social media.
 * - text.ts       the prepared message: same-length lower case, sentences, reported/quoted/negated stretches.
 * Words the writer reports from someone else ("he called my son a ...") never count.
 *
 * Speed (issue #2 wants 20,000 messages a second on one core): helpers are module functions, not closures made
 * per message, because tsx runs us with esbuild's keepNames, which wraps each named closure in a costly __name call.
 */
import type { Flag } from '../../../domain/taxonomy';
import type { Evidence } from '../../../domain/triage';
import { findAbuse, type Hit } from './abusive';
import { findDefamation } from './defamatory';
import { findDiscrimination } from './discriminatory';
import { findSwears } from './swearing';
import type { ConductContext } from './targets';
import { findThreats } from './threat';
import { Doc } from './text';

export type { ConductContext } from './targets';

/** A conduct flag the message's own words support (vexatious is judged separately, with history). */
export interface ConductFinding {
  flag: Exclude<Flag, 'vexatious'>;
  evidence: Evidence | null;
  confidence: number;
  note: string | null;
}

function finding(doc: Doc, flag: ConductFinding['flag'], hit: Hit): ConductFinding {
  const start = Math.max(0, Math.min(hit.start, doc.body.length));
  const end = Math.max(start, Math.min(hit.end, doc.body.length));
  return { flag, evidence: { start, end, text: doc.body.slice(start, end) }, confidence: Math.max(0, Math.min(1, hit.confidence)), note: hit.note };
}

function strongest(hits: readonly Hit[]): Hit | null {
  let best: Hit | null = null;
  for (const h of hits) if (!best || h.confidence > best.confidence) best = h;
  return best;
}

/**
 * The conduct findings for one message body, at most one per flag, in the taxonomy's flag order. A caller
 * that also asks the Doc about reported speech can pass the one it made, so the text is prepared once.
 */
export function detectConduct(body: string | Doc, ctx: ConductContext): ConductFinding[] {
  const doc = typeof body === 'string' ? new Doc(body) : body;
  if (doc.body.length === 0) return [];
  const swears = findSwears(doc);
  const out: ConductFinding[] = [];

  const abuse = findAbuse(doc, ctx, swears);
  const disc = findDiscrimination(doc, swears);
  const abusive = strongest(disc.abusive ? [...abuse, disc.abusive] : abuse);
  if (abusive) out.push(finding(doc, 'abusive', abusive));

  const threat = strongest(findThreats(doc, ctx));
  if (threat) out.push(finding(doc, 'threat', threat));

  if (disc.discriminatory) out.push(finding(doc, 'discriminatory', disc.discriminatory));

  const profane = swears.filter((h) => h.entry.kind === 'swear' && h.entry.strength >= 2 && !doc.isReported(h));
  if (profane.length) {
    const h = profane.reduce((a, b) => (b.entry.strength > a.entry.strength ? b : a));
    const how = h.via === 'plain' ? '' : ` (${h.via === 'masked' ? 'masked' : h.via === 'spaced' ? 'spaced out' : 'leetspeak'})`;
    const strength = `Ofcom strength ${h.entry.strength}${h.entry.basis === 'ofcom' ? '' : `, as "${h.entry.basis.slice(5)}"`}`;
    out.push(finding(doc, 'profanity', { start: h.start, end: h.end, confidence: h.via === 'plain' ? 0.95 : 0.9, note: `swear word "${doc.body.slice(h.start, h.end)}"${how}: ${h.entry.word}, ${strength}` }));
  }

  const defamatory = findDefamation(doc, ctx, abusive !== null);
  if (defamatory) out.push(finding(doc, 'defamatory', defamatory));
  return out;
}
