import { spans, truncate } from './text';

/**
 * Small builders for Adaptive Card JSON (schema 1.5, the version Teams renders with Universal Actions). Only
 * properties of the official schema are used (tests validate every card against it), so a card renders the same in
 * Teams, Outlook and the adaptivecards renderer behind the README's previews.
 */

export const CARD_VERSION = '1.5';
export const CARD_SCHEMA = 'http://adaptivecards.io/schemas/adaptive-card.json';
export const CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

/** Limits this module keeps to. Teams refuses a message over about 28 KB, so quoted text is capped. */
export const LIMITS = {
  quotedBody: 2800,
  historyItems: 5,
  historyBody: 200,
  evidence: 200,
  clause: 400,
  why: 1000,
  /** MessageText in src/workflow/inputs.ts: ten SMS segments. */
  replyText: 1600,
  reasonText: 2000,
  policeReference: 200,
  title: 150,
  /** What a Teams message may carry, with room for the activity around the card. */
  cardBytes: 26_000,
} as const;

export type CardElement = { type: string; [key: string]: unknown };
export type CardAction = { type: 'Action.Execute' | 'Action.ShowCard' | 'Action.OpenUrl'; title: string; [key: string]: unknown };

export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema: string;
  version: string;
  body: CardElement[];
  actions?: CardAction[];
  /** What a client that cannot render the card shows, and what notifications may quote: never a parent's words. */
  fallbackText?: string;
}

type TextOptions = {
  size?: 'Small' | 'Default' | 'Medium' | 'Large';
  weight?: 'Lighter' | 'Default' | 'Bolder';
  color?: 'Default' | 'Accent' | 'Good' | 'Warning' | 'Attention';
  isSubtle?: boolean;
  spacing?: 'None' | 'Small' | 'Default' | 'Medium' | 'Large';
  separator?: boolean;
  id?: string;
};

/** A TextBlock of our own words (Markdown is read: escape anything someone else wrote). */
export function text(value: string, o: TextOptions = {}): CardElement {
  return { type: 'TextBlock', text: value, wrap: true, ...o };
}

/** Someone's words, verbatim (a RichTextBlock is never read as Markdown), the given spans highlighted. */
export function richText(body: string, bold: readonly { start: number; end: number; text?: string }[] = [], o: { italic?: boolean; subtle?: boolean } = {}): CardElement {
  const inlines: CardElement[] = [];
  const run = (t: string, highlighted = false): CardElement => ({
    type: 'TextRun',
    text: t,
    ...(highlighted ? { weight: 'Bolder', highlight: true, color: 'Attention' } : {}),
    ...(o.italic ? { italic: true } : {}),
    ...(o.subtle ? { isSubtle: true } : {}),
  });
  let at = 0;
  for (const s of spans(body, bold)) {
    if (s.start > at) inlines.push(run(body.slice(at, s.start)));
    inlines.push(run(body.slice(s.start, s.end), true));
    at = s.end;
  }
  if (at < body.length || inlines.length === 0) inlines.push(run(body.slice(at) || ' '));
  return { type: 'RichTextBlock', inlines };
}

/** A parent's message as a quote: an emphasis container around their words, evidence highlighted. */
export function quote(body: string, bold: readonly { start: number; end: number; text?: string }[] = []): CardElement {
  const shown = truncate(body, LIMITS.quotedBody);
  return { type: 'Container', style: 'emphasis', items: [richText(shown, bold)] };
}

export function facts(pairs: readonly (readonly [string, string])[]): CardElement {
  return { type: 'FactSet', facts: pairs.map(([title, value]) => ({ title, value })) };
}

export function container(items: (CardElement | null)[], o: { style?: 'default' | 'emphasis' | 'good' | 'attention' | 'warning' | 'accent'; bleed?: boolean; spacing?: TextOptions['spacing']; separator?: boolean } = {}): CardElement {
  return { type: 'Container', items: items.filter((i): i is CardElement => i !== null), ...o };
}

/** The top of every card: a coloured band with the title and, when the case changed, what happened. */
export function banner(title: string, style: 'attention' | 'warning' | 'accent' | 'good', headline?: string): CardElement {
  return container(
    [
      text(truncate(title, LIMITS.title), { size: 'Large', weight: 'Bolder' }),
      headline ? text(headline, { weight: 'Bolder', spacing: 'Small' }) : null,
    ],
    { style, bleed: true },
  );
}

export function execute(title: string, verb: string, data: Record<string, unknown>, style?: 'positive' | 'destructive'): CardAction {
  return { type: 'Action.Execute', title, verb, data, ...(style ? { style } : {}) };
}

/** A form behind a button: its inputs, and the Action.Execute that sends them (with the button's data). */
export function showCard(title: string, body: (CardElement | null)[], actions: CardAction[], style?: 'positive' | 'destructive'): CardAction {
  return {
    type: 'Action.ShowCard',
    title,
    ...(style ? { style } : {}),
    card: { type: 'AdaptiveCard', body: body.filter((b): b is CardElement => b !== null), actions },
  };
}

export function openUrl(title: string, url: string): CardAction {
  return { type: 'Action.OpenUrl', title, url };
}

export function inputText(
  id: string,
  label: string,
  o: { multiline?: boolean; maxLength?: number; value?: string; placeholder?: string; required?: string } = {},
): CardElement {
  return {
    type: 'Input.Text',
    id,
    label,
    isMultiline: o.multiline ?? false,
    ...(o.maxLength ? { maxLength: o.maxLength } : {}),
    ...(o.value ? { value: truncate(o.value, o.maxLength ?? LIMITS.replyText) } : {}),
    ...(o.placeholder ? { placeholder: o.placeholder } : {}),
    ...(o.required ? { isRequired: true, errorMessage: o.required } : {}),
  };
}

export function choiceSet(
  id: string,
  label: string,
  choices: readonly { title: string; value: string }[],
  o: { multi?: boolean; value?: string; expanded?: boolean; placeholder?: string; required?: string } = {},
): CardElement {
  return {
    type: 'Input.ChoiceSet',
    id,
    label,
    choices: choices.map((c) => ({ title: c.title, value: c.value })),
    isMultiSelect: o.multi ?? false,
    style: o.expanded ? 'expanded' : 'compact',
    ...(o.value ? { value: o.value } : {}),
    ...(o.placeholder ? { placeholder: o.placeholder } : {}),
    ...(o.required ? { isRequired: true, errorMessage: o.required } : {}),
  };
}

export function inputDate(id: string, label: string): CardElement {
  return { type: 'Input.Date', id, label };
}

export function inputTime(id: string, label: string): CardElement {
  return { type: 'Input.Time', id, label };
}

export function card(body: (CardElement | null)[], actions: (CardAction | null)[], fallbackText: string): AdaptiveCard {
  const present = actions.filter((a): a is CardAction => a !== null);
  return {
    type: 'AdaptiveCard',
    $schema: CARD_SCHEMA,
    version: CARD_VERSION,
    body: body.filter((b): b is CardElement => b !== null),
    ...(present.length ? { actions: present } : {}),
    fallbackText,
  };
}
