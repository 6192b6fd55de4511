import type { StaffAlert } from '../../../src/alerts/alert-channel';
import type { RenderOptions } from '../types';
import { approvalCard } from './approval';
import { type AdaptiveCard, banner, type CardElement, LIMITS } from './elements';
import { enquiryCard } from './enquiry';
import { noticeCard } from './notice';
import { reviewCard } from './review';
import { safeguardingCard } from './safeguarding';
import { escapeMarkdown } from './text';

export { approvalCard } from './approval';
export { type AdaptiveCard, CARD_CONTENT_TYPE, LIMITS } from './elements';
export { enquiryCard } from './enquiry';
export { noticeCard } from './notice';
export { refusalCard } from './refusal';
export { reviewCard } from './review';
export { safeguardingCard } from './safeguarding';

/**
 * The card for an alert, by its purpose: a pure function of the StaffAlert (and the school's names), so the same
 * alert always renders the same card and a case that changed renders its new state when the card is replaced.
 * Which buttons show follows the workflow's state machines; whether the presser may use them is the workflow's
 * decision when pressed. `refusal` puts a press's refusal at the top of the card the presser sees.
 */
export function alertCard(alert: StaffAlert, o: RenderOptions = {}, extra: { refusal?: string } = {}): AdaptiveCard {
  const built = build(alert, o);
  if (!extra.refusal) return built;
  const notice: CardElement = banner('Not done', 'warning', escapeMarkdown(extra.refusal));
  return { ...built, body: [notice, ...built.body] };
}

function build(alert: StaffAlert, o: RenderOptions): AdaptiveCard {
  switch (alert.purpose) {
    case 'review':
      return reviewCard(alert, o);
    case 'safeguarding':
      return safeguardingCard(alert, o);
    case 'enquiry':
      return enquiryCard(alert, o);
    case 'approval':
      return approvalCard(alert, o);
    case 'notice':
      return noticeCard(alert, o);
  }
}

/** The size Teams counts: the card's JSON in bytes. */
export const cardBytes = (card: AdaptiveCard): number => Buffer.byteLength(JSON.stringify(card), 'utf8');
export const fitsTeams = (card: AdaptiveCard): boolean => cardBytes(card) <= LIMITS.cardBytes;
