import type { Flag } from '../../src/domain/taxonomy';
import { detectConduct } from '../../src/triage/local/conduct/index';
import { ADD_THRESHOLDS, ADDABLE_FLAGS, assistWithModel } from '../../src/triage/local/model/assist';
import type { ConductModel } from '../../src/triage/local/model/conduct-model';
import type { Example } from './examples';

/**
 * Chooses the probability at which the model adds a flag the rules missed, on the validation part of our
 * school examples (never the dev set): the lowest threshold that adds no flag to a civil message and at most
 * one wrong flag in all, so the model only adds recall. Prints the table; ADD_THRESHOLDS in
 * src/triage/local/model/assist.ts is set by hand from it, with the rules as they are at the time.
 */
export function tuneAssist(model: ConductModel, val: readonly Example[], staffNames: readonly string[], log: (s: string) => void): void {
  const rows = val.map((e) => {
    const rules = detectConduct(e.text, { staffNames });
    const p = model.scoreFlags(e.text);
    return { e, rules: new Set<Flag>(rules.map((f) => f.flag)), p };
  });
  log(`assist tuning on ${rows.length} validation school messages (rules as they are now)`);
  for (const flag of ADDABLE_FLAGS) {
    const missed = rows.filter((r) => !r.rules.has(flag));
    const cands = [...new Set(missed.map((r) => r.p[flag]))].filter((t) => t >= 0.3).sort((a, b) => a - b);
    let best = 0.99;
    for (const t of cands) {
      const added = missed.filter((r) => r.p[flag] >= t);
      const wrong = added.filter((r) => !(r.e.allFlags ?? []).includes(flag));
      const civilWrong = wrong.filter((r) => (r.e.allFlags ?? []).length === 0);
      if (civilWrong.length === 0 && wrong.length <= 1) {
        best = t;
        break;
      }
    }
    const at = (t: number) => {
      const added = missed.filter((r) => r.p[flag] >= t);
      const right = added.filter((r) => (r.e.allFlags ?? []).includes(flag)).length;
      return `${right} right / ${added.length - right} wrong of ${missed.filter((r) => (r.e.allFlags ?? []).includes(flag)).length} the rules missed`;
    };
    log(`  ${flag}: lowest safe threshold ${best.toFixed(2)} (${at(best)}); current ${ADD_THRESHOLDS[flag]} (${at(ADD_THRESHOLDS[flag])})`);
  }
  const falseAdds = rows.filter((r) => (r.e.allFlags ?? []).length === 0 && assistWithModel(r.e.text, [], { model }).length > 0);
  log(`  civil validation messages the model would flag at the current thresholds: ${falseAdds.length}`);
}
