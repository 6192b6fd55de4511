import type { z } from 'zod';
import type { MediaRef } from '../../../src/channels/parent-channel';
import { err, ok, type Result, SchoolgateError } from '../../../src/errors';
import {
  InboundSmsForm,
  StatusCallbackForm,
  type TwilioInboundEvent,
  type TwilioStatusEvent,
} from '../types';

/**
 * Parse a verified Twilio form body. Bad or missing fields give INPUT_INVALID with every problem listed; messages
 * name fields, never their values (they are parents' numbers and words).
 */

// Twilio's default opt-out and opt-in keywords. Twilio matches the whole body, trimmed, in any case.
const OPT_OUT_KEYWORDS = new Set(['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT']);
const OPT_IN_KEYWORDS = new Set(['START', 'YES', 'UNSTOP']);

type Form = Readonly<Record<string, unknown>>;

export function parseInboundSms(form: Form): Result<TwilioInboundEvent, SchoolgateError> {
  const parsed = InboundSmsForm.safeParse(form);
  if (!parsed.success) return err(invalid('inbound message', parsed.error.issues));
  const f = parsed.data;

  const media = parseMedia(form, f.NumMedia);
  if (!media.ok) return media;

  const fields = { messageSid: f.MessageSid, accountSid: f.AccountSid, from: f.From, to: f.To, body: f.Body };
  const keyword = f.Body.trim().toUpperCase();
  const consent = consentKind(f.OptOutType, keyword);
  if (consent) return ok({ kind: consent, keyword: keyword.slice(0, 32) || (consent === 'opt_out' ? 'STOP' : 'START'), ...fields });
  return ok({ kind: 'text', media: media.value, ...fields });
}

export function parseStatusCallback(form: Form): Result<TwilioStatusEvent, SchoolgateError> {
  const parsed = StatusCallbackForm.safeParse(form);
  if (!parsed.success) return err(invalid('status callback', parsed.error.issues));
  const f = parsed.data;
  return ok({
    kind: 'status',
    messageSid: f.MessageSid,
    accountSid: f.AccountSid,
    status: f.MessageStatus,
    errorCode: f.ErrorCode ?? null,
  });
}

/**
 * Twilio's own verdict (OptOutType, sent when Advanced Opt-Out is on, custom keywords included) wins; without it
 * we apply Twilio's default keywords the way Twilio does, so our record matches what Twilio enforces.
 */
function consentKind(optOutType: string | undefined, keyword: string): 'opt_out' | 'opt_in' | null {
  const type = optOutType?.trim().toUpperCase();
  if (type === 'STOP') return 'opt_out';
  if (type === 'START') return 'opt_in';
  if (type) return null; // HELP and any future type: an ordinary message
  if (OPT_OUT_KEYWORDS.has(keyword)) return 'opt_out';
  if (OPT_IN_KEYWORDS.has(keyword)) return 'opt_in';
  return null;
}

/** MediaUrl0.. and MediaContentType0..: kept as references at Twilio, never downloaded here. */
function parseMedia(form: Form, count: number): Result<MediaRef[], SchoolgateError> {
  const media: MediaRef[] = [];
  const problems: string[] = [];
  for (let i = 0; i < count; i++) {
    const url = form[`MediaUrl${i}`];
    const contentType = form[`MediaContentType${i}`];
    if (typeof url !== 'string' || !URL.canParse(url) || !/^https?:/.test(url)) {
      problems.push(`MediaUrl${i} must be the http(s) URL of attachment ${i + 1} of ${count} (NumMedia)`);
    }
    if (typeof contentType !== 'string' || !/^[\w.+-]+\/[\w.+-]+/.test(contentType)) {
      problems.push(`MediaContentType${i} must be the MIME type of attachment ${i + 1} of ${count}, such as image/jpeg`);
    }
    if (typeof url === 'string' && typeof contentType === 'string') media.push({ url, contentType });
  }
  if (problems.length > 0) return err(new SchoolgateError('INPUT_INVALID', problemText('inbound message', problems)));
  return ok(media);
}

function invalid(what: string, issues: readonly z.core.$ZodIssue[]): SchoolgateError {
  const lines = issues.map((i) => {
    const field = i.path.map(String).join('.');
    return field && !i.message.startsWith(field) ? `${field}: ${i.message}` : i.message;
  });
  return new SchoolgateError('INPUT_INVALID', problemText(what, lines));
}

const problemText = (what: string, lines: string[]) =>
  `The Twilio ${what} is malformed: ${lines.join('; ')}.`;
