import type { Evidence } from '../../../domain/triage';
import type { ConductFinding } from '../conduct/index';
import type { ConductModel, FlagScores } from './conduct-model';
import { defaultConductModel } from './index';
import type { ModelFlag } from './model-file';

/** The flags the model may add on its own when no rule matched. Profanity stays with the rules' word list. */
export type AddableFlag = Extract<ModelFlag, 'abusive' | 'threat' | 'discriminatory'>;
export const ADDABLE_FLAGS: readonly AddableFlag[] = ['abusive', 'threat', 'discriminatory'];

/**
 * Calibrated probability at which the model adds a flag the rules did not find. Higher than the model's own
 * thresholds: a false flag on a civil parent is a real harm, and the rules already catch the common forms.
 * Set from `npm run train -- --assist` on the validation part of our school examples (never the dev set),
 * with the conduct rules in place: the lowest threshold that added no flag to a civil message there (abusive
 * 0.59, threat 0.60, discriminatory 0.73 for model a0b31ccd…) plus a margin of about 0.2, because that
 * validation set has only a few hundred messages (at threat 0.55 "I'll come in first thing tomorrow to sort
 * out the dinner money" gained a threat flag; at discriminatory 0.6 a neutral "Malik is Black and Muslim and
 * proud of both" gained a discriminatory one).
 */
export const ADD_THRESHOLDS: Readonly<Record<AddableFlag, number>> = { abusive: 0.8, threat: 0.8, discriminatory: 0.9 };

export interface ModelAssistOptions {
  /** Defaults to the committed model. */
  readonly model?: ConductModel;
  /**
   * True when a span is not the writer's own words: quoted, reported ("he called my son a ..."), or negated
   * ("I'm not calling anyone a liar"). The model cannot tell; a flag whose evidence is all such words is vetoed.
   */
  readonly isNotOwnWords?: (span: { start: number; end: number }) => boolean;
  readonly thresholds?: Readonly<Record<AddableFlag, number>>;
}

/**
 * The rules' findings, with the learned model beside them: a rule finding the model agrees with gets the
 * model's calibrated probability as its confidence when that is higher; an abuse flag no rule found is added
 * when the model is confident and its evidence is the writer's own words. The model never removes a finding.
 */
export function assistWithModel(body: string, findings: readonly ConductFinding[], options: ModelAssistOptions = {}): ConductFinding[] {
  const model = options.model ?? defaultConductModel();
  const thresholds = options.thresholds ?? ADD_THRESHOLDS;
  const scores: FlagScores = model.scoreFlags(body);
  const out = findings.map((f) => {
    if (f.flag === 'defamatory') return f;
    const p = scores[f.flag];
    return p >= model.thresholds[f.flag] && p > f.confidence ? { ...f, confidence: p } : f;
  });
  for (const flag of ADDABLE_FLAGS) {
    const p = scores[flag];
    if (p < thresholds[flag] || out.some((f) => f.flag === flag)) continue;
    const spans = model.evidenceSpans(body, flag);
    const own = options.isNotOwnWords ? spans.filter((s) => !options.isNotOwnWords!(s)) : spans;
    const ownShare = own.reduce((sum, s) => sum + s.share, 0);
    const allShare = spans.reduce((sum, s) => sum + s.share, 0);
    // Most of what drove the score is quoted, reported or negated: not the writer's abuse.
    if (spans.length > 0 && ownShare < allShare - ownShare) continue;
    const best = own.reduce<(typeof own)[number] | null>((a, b) => (a && a.share >= b.share ? a : b), null);
    const strongest: Evidence | null = best ? { start: best.start, end: best.end, text: best.text } : null;
    out.push({
      flag,
      evidence: strongest,
      confidence: p,
      note: `learned model, no rule matched (p = ${p.toFixed(2)}); words that drove it: ${own.map((s) => `"${s.text}"`).join(', ') || 'the message as a whole'}`,
    });
  }
  return out;
}
