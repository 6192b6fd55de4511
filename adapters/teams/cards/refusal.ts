import { type AdaptiveCard, banner, card, text } from './elements';
import { escapeMarkdown } from './text';

/**
 * Shown in place of a card when a press was refused and the case cannot be shown to the presser (they may not see
 * it, or it is not one of ours): the workflow's own message, which says what is missing.
 */
export function refusalCard(message: string, schoolName?: string): AdaptiveCard {
  return card(
    [
      banner('Not done', 'attention'),
      text(escapeMarkdown(message)),
      schoolName ? text(escapeMarkdown(`${schoolName} · Schoolgate`), { size: 'Small', isSubtle: true, separator: true }) : null,
    ],
    [],
    `Not done: ${message}`,
  );
}
