import { FLAG_CLAUSES, FLAGS, type Flag, orderFlags } from '../domain/taxonomy';
import type { Reason, TriageDecision } from '../domain/triage';
import { locateQuote, type Minimiser } from '../privacy/minimise';
import type { TriageRequest } from './model-request';

/**
 * What the cascade does with a model's answer: check it is complete, put the originals back, and combine it
 * with the local decision. Pure functions.
 */

/**
 * Why an answer cannot be used as it is, or null. The schema already holds every field; this checks what a
 * schema cannot: a reason (with evidence from the message) for every flag, one for the topic and one for the
 * urgency, each naming the label it explains.
 */
export function incompleteness(d: TriageDecision): string | null {
  const why: string[] = [];
  for (const f of new Set(d.flags)) {
    const r = d.reasons.find((x) => x.kind === 'flag' && x.label === f);
    if (!r) why.push(`no reason for the flag "${f}"`);
    // Vexatious may rest on the sender's history alone; every other flag must quote the message.
    else if (f !== 'vexatious' && !r.evidence?.text.trim()) why.push(`no evidence for the flag "${f}"`);
  }
  if (!d.reasons.some((x) => x.kind === 'topic' && x.label === d.topic)) why.push(`no reason for the topic "${d.topic}"`);
  if (!d.reasons.some((x) => x.kind === 'urgency' && x.label === d.urgency)) why.push(`no reason for the urgency "${d.urgency}"`);
  return why.length ? why.join('; ') : null;
}

const isFlag = (label: string): label is Flag => (FLAGS as readonly string[]).includes(label);

/**
 * The model's answer in the original's terms: quotes found in the original body (offsets re-mapped), notes
 * with the names put back, flag clauses quoted from the code of conduct as the local classifier does, reasons
 * for labels it did not give dropped, and the taxonomy's rule that every threat and every safeguarding concern
 * is urgent applied.
 */
export function restoreModelDecision(d: TriageDecision, request: TriageRequest, session: Minimiser): TriageDecision {
  const flags = orderFlags(d.flags);
  const reasons: Reason[] = [];
  for (const r of d.reasons) {
    if (r.kind === 'flag' && !(isFlag(r.label) && flags.includes(r.label))) continue;
    if (r.kind === 'topic' && r.label !== d.topic) continue;
    if (r.kind === 'urgency' && r.label !== d.urgency) continue;
    const evidence = r.evidence ? locateQuote(request.message, session, r.evidence) : null;
    const lost = r.evidence && !evidence ? 'the model’s quote is not in the message' : null;
    const note = [r.note ? session.restore(r.note) : null, lost].filter(Boolean).join('; ') || null;
    reasons.push({
      ...r,
      clause: r.kind === 'flag' && isFlag(r.label) ? FLAG_CLAUSES[r.label] : session.restore(r.clause),
      evidence,
      note,
    });
  }
  const decision: TriageDecision = { flags, topic: d.topic, urgency: d.urgency, reasons };
  if (d.urgency === 'routine' && (flags.includes('threat') || d.topic === 'safeguarding')) {
    const why = flags.includes('threat') ? 'every threat is urgent' : 'every safeguarding concern is urgent';
    return withUrgency(decision, 'urgent', `${why} (the model said routine)`);
  }
  return decision;
}

function withUrgency(d: TriageDecision, urgency: TriageDecision['urgency'], note: string, evidence: Reason['evidence'] = null): TriageDecision {
  const old = d.reasons.find((r) => r.kind === 'urgency');
  const reason: Reason = { kind: 'urgency', label: urgency, clause: old?.clause ?? 'taxonomy: urgency', evidence: evidence ?? old?.evidence ?? null, confidence: 1, note };
  return { ...d, urgency, reasons: [...d.reasons.filter((r) => r.kind !== 'urgency'), reason] };
}

function withTopicFrom(d: TriageDecision, from: TriageDecision, note: string): TriageDecision {
  const theirs = from.reasons.find((r) => r.kind === 'topic');
  const reason: Reason = {
    kind: 'topic',
    label: from.topic,
    clause: theirs?.clause ?? 'taxonomy: enquiry topic',
    evidence: theirs?.evidence ?? null,
    confidence: theirs?.confidence ?? 1,
    note: [theirs?.note, note].filter(Boolean).join('; '),
  };
  return { ...d, topic: from.topic, reasons: [...d.reasons.filter((r) => r.kind !== 'topic'), reason] };
}

export interface Combined {
  decision: TriageDecision;
  reviewReasons: string[];
}

/**
 * `openai` mode: the model decides, except that safeguarding is never downgraded. When the local rules see a
 * safeguarding concern the model did not, it stays safeguarding (and urgent), marked for review.
 */
export function combineModelFirst(local: TriageDecision, model: TriageDecision): Combined {
  if (local.topic !== 'safeguarding' || model.topic === 'safeguarding') return { decision: model, reviewReasons: [] };
  let d = withTopicFrom(model, local, `kept as safeguarding: the local classifier found a concern the model called ${model.topic}`);
  if (d.urgency !== 'urgent') d = withUrgency(d, 'urgent', 'every safeguarding concern is urgent');
  return { decision: d, reviewReasons: [`safeguarding: the local classifier found a concern; the model said ${model.topic}`] };
}

/**
 * `both` mode: the model decides the rest, and every disagreement that matters is settled towards the safer
 * answer and marked for review. A flag either gives is kept, noted as disputed, so the senior reviewer sees it
 * and decides (a flag only ever sends a message to a reviewer; it is never acted on unseen). Safeguarding if
 * either says so; urgent if either says so.
 */
export function combineBoth(local: TriageDecision, model: TriageDecision): Combined {
  const reviewReasons: string[] = [];
  const reasons = [...model.reasons];
  for (const f of local.flags) {
    if (model.flags.includes(f)) continue;
    reviewReasons.push(`flag ${f}: only the local classifier found it`);
    for (const r of local.reasons.filter((x) => x.kind === 'flag' && x.label === f))
      reasons.push({ ...r, note: ['disputed: only the local classifier found this', r.note].filter(Boolean).join('; ') });
  }
  for (const f of model.flags) {
    if (local.flags.includes(f)) continue;
    reviewReasons.push(`flag ${f}: only the model found it`);
    const i = reasons.findIndex((x) => x.kind === 'flag' && x.label === f);
    const r = reasons[i];
    if (r) reasons[i] = { ...r, note: ['disputed: only the model found this', r.note].filter(Boolean).join('; ') };
  }
  let d: TriageDecision = { ...model, flags: orderFlags([...model.flags, ...local.flags]), reasons };
  if (local.topic === 'safeguarding' && model.topic !== 'safeguarding') {
    reviewReasons.push(`safeguarding: the local classifier found a concern; the model said ${model.topic}`);
    d = withTopicFrom(d, local, `kept as safeguarding: the model called it ${model.topic}`);
  } else if (model.topic === 'safeguarding' && local.topic !== 'safeguarding') {
    reviewReasons.push(`safeguarding: the model found a concern; the local classifier said ${local.topic}`);
  }
  const urgentBy = [local.urgency === 'urgent' ? 'the local classifier' : null, model.urgency === 'urgent' ? 'the model' : null].filter(Boolean);
  if (urgentBy.length === 1) reviewReasons.push(`urgency: only ${urgentBy[0]} called it urgent`);
  if (d.urgency !== 'urgent' && (urgentBy.length || d.topic === 'safeguarding' || d.flags.includes('threat'))) {
    const localUrgency = local.reasons.find((r) => r.kind === 'urgency');
    d = withUrgency(d, 'urgent', `urgent: ${urgentBy.length ? `${urgentBy.join(' and ')} called it urgent` : 'every threat and safeguarding concern is urgent'}`, localUrgency?.evidence ?? null);
  }
  return { decision: d, reviewReasons };
}
