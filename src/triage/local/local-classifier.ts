import type { School } from '../../config/load-school';
import type { Reason, TriageDecision } from '../../domain/triage';
import { FLAG_CLAUSES, type Flag, orderFlags } from '../../domain/taxonomy';
import type { Classifier, ClassifierInput } from '../classifier';
import { detectConduct } from './conduct/index';
import { Doc } from './conduct/text';
import { assistWithModel } from './model/assist';
import { classifyTopic } from './topic/index';
import { detectVexatious } from './vexatious';

const TOPIC_CLAUSE = 'taxonomy: enquiry topic';
const URGENCY_RULE = 'taxonomy: urgent = every safeguarding concern, every threat, same-day collection or transport changes, medical matters affecting the child today';

/** Names of staff (and their aliases) per school, computed once per School object. */
const staffNamesCache = new WeakMap<School, readonly string[]>();
function staffNames(school: School): readonly string[] {
  let names = staffNamesCache.get(school);
  if (!names) {
    names = school.file.staff.flatMap((s) => [s.name, ...s.aliases]);
    staffNamesCache.set(school, names);
  }
  return names;
}

/**
 * The embedded default classifier: rules over the message's words plus the sender's history.
 * A pure function of its input, so a replay gives the live server's answers.
 */
export function decideLocally({ message, history, school }: ClassifierInput): TriageDecision {
  const body = message.body;
  const receivedAt = new Date(message.receivedAt);
  const reasons: Reason[] = [];
  const flags = new Set<Flag>();

  // The learned model (src/triage/local/model/) sits beside the rules: it may raise a rule's confidence or add
  // an abuse flag no rule matched, never remove one; words the rules read as quoted, reported or negated veto it
  // (issue #8).
  let doc: Doc | null = null;
  const isNotOwnWords = (span: { start: number; end: number }) => {
    doc ??= new Doc(body);
    return doc.isReported(span);
  };
  for (const f of assistWithModel(body, detectConduct(body, { staffNames: staffNames(school) }), { isNotOwnWords })) {
    flags.add(f.flag);
    reasons.push({ kind: 'flag', label: f.flag, clause: FLAG_CLAUSES[f.flag], evidence: f.evidence, confidence: f.confidence, note: f.note });
  }

  const t = classifyTopic(body, { flags: [...flags], receivedAt, timezone: school.timezone, history });

  const vex = detectVexatious({ body, receivedAt, topic: t.topic, history, thresholds: school.file.vexatious, timezone: school.timezone });
  if (vex) {
    flags.add('vexatious');
    reasons.push({ kind: 'flag', label: 'vexatious', clause: FLAG_CLAUSES.vexatious, evidence: vex.evidence, confidence: vex.confidence, note: vex.note });
  }

  // The taxonomy makes every threat and every safeguarding concern urgent, whatever the topic rules said.
  let urgency = t.urgency;
  let urgencyNote = t.urgencyNote;
  let urgencyEvidence = t.urgencyEvidence;
  if (urgency === 'routine' && (flags.has('threat') || t.topic === 'safeguarding')) {
    urgency = 'urgent';
    urgencyNote = flags.has('threat') ? 'every threat is urgent' : 'every safeguarding concern is urgent';
    urgencyEvidence = flags.has('threat') ? (reasons.find((r) => r.label === 'threat')?.evidence ?? null) : t.topicEvidence;
  }

  reasons.push({ kind: 'topic', label: t.topic, clause: TOPIC_CLAUSE, evidence: t.topicEvidence, confidence: t.topicConfidence, note: t.topicNote });
  reasons.push({ kind: 'urgency', label: urgency, clause: URGENCY_RULE, evidence: urgencyEvidence, confidence: 1, note: urgencyNote });
  return { flags: orderFlags(flags), topic: t.topic, urgency, reasons };
}

export class LocalClassifier implements Classifier {
  readonly name = 'local';
  async classify(input: ClassifierInput): Promise<TriageDecision> {
    return decideLocally(input);
  }
}
