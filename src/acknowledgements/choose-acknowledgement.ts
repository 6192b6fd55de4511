import type { School } from '../config/load-school';
import { clockMinutes, localTime } from '../domain/local-time';

export type AcknowledgementKind = 'office_hours' | 'out_of_hours' | 'managed_contact';

export interface Acknowledgement {
  kind: AcknowledgementKind;
  text: string;
}

/** One acknowledgement per sender in this window: a parent who sends five texts in a row gets one reply, not five. */
export const ACK_QUIET_MINUTES = 60;

/** Whether the school office is open at this instant: an office day, within hours, and in term (when term dates are set). */
export function isOfficeOpen(school: School, at: Date): boolean {
  const { office_hours: hours, term_dates: terms } = school.file;
  const t = localTime(at, school.timezone);
  if (!hours.days.includes(t.weekday)) return false;
  if (t.minutes < clockMinutes(hours.open) || t.minutes >= clockMinutes(hours.close)) return false;
  return terms.length === 0 || terms.some((term) => term.start <= t.date && t.date <= term.end);
}

/**
 * The configured acknowledgement for an inbound message, or null when none should be sent: turned off,
 * the sender opted out, or already acknowledged within the quiet window. Managed-contact parents get
 * their own text.
 */
export function chooseAcknowledgement(input: {
  school: School;
  receivedAt: Date;
  /** The sender is under a managed-contact arrangement (from the school file or a reviewer's decision). */
  managedContact: boolean;
  optedOut: boolean;
  lastAcknowledgedAt: Date | null;
}): Acknowledgement | null {
  const acks = input.school.file.acknowledgements;
  if (!acks.enabled || input.optedOut) return null;
  if (input.lastAcknowledgedAt && input.receivedAt.getTime() - input.lastAcknowledgedAt.getTime() < ACK_QUIET_MINUTES * 60_000) return null;
  if (input.managedContact) return { kind: 'managed_contact', text: acks.managed_contact };
  return isOfficeOpen(input.school, input.receivedAt)
    ? { kind: 'office_hours', text: acks.office_hours }
    : { kind: 'out_of_hours', text: acks.out_of_hours };
}
