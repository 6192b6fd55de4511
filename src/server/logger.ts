import { type DestinationStream, type Logger, type LoggerOptions, pino } from 'pino';

/**
 * The one logger for the server and its workers. Children's personal data never reaches a log line: message
 * bodies, phone numbers and credentials are redacted wherever they appear as fields, request URLs are logged
 * without their query string, and error messages have digit runs (phone numbers) masked.
 */

// Field names that carry a parent's words or address, in Twilio's spelling and ours, at the top level or one deep.
const SENSITIVE_FIELDS = ['body', 'Body', 'from', 'From', 'to', 'To', 'media', 'form', 'text', 'change', 'params', 'phone'];
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-twilio-signature"]',
  'headers.authorization',
  'headers.cookie',
  'authorization',
  ...SENSITIVE_FIELDS,
  ...SENSITIVE_FIELDS.map((f) => `*.${f}`),
];

const DIGIT_RUN = /\+?\d[\d\s().-]{5,}\d/g;
// A failed query's message quotes its SQL parameters (drizzle appends "params: ..."): a parent's words.
const QUERY_PARAMS = /\nparams:[\s\S]*?(?=\n\s+at |$)/g;
const mask = (s: string) => s.replace(QUERY_PARAMS, '\nparams: [redacted]').replace(DIGIT_RUN, '[number]');

interface ReqLike {
  method?: string;
  url?: string;
  id?: string;
  ip?: string;
}

const serializers = {
  req(req: ReqLike) {
    return { method: req.method, url: req.url?.split('?')[0], id: req.id, remoteAddress: req.ip };
  },
  // Only what helps debugging: no enumerable extras (a database error's `detail` quotes the row's values).
  err(e: unknown) {
    if (!(e instanceof Error)) return { message: mask(String(e)) };
    const code = (e as { code?: unknown }).code;
    return {
      type: e.name,
      ...(typeof code === 'string' || typeof code === 'number' ? { code } : {}),
      message: mask(e.message),
      stack: e.stack ? mask(e.stack) : undefined,
    };
  },
};

export interface LoggerSettings {
  level: LoggerOptions['level'];
  /** Where lines go; stdout when omitted. Tests pass a stream to read what was logged. */
  destination?: DestinationStream;
}

export function createLogger(settings: LoggerSettings): Logger {
  return pino(
    {
      level: settings.level,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      serializers,
      base: { service: 'schoolgate' },
    },
    settings.destination ?? pino.destination(1),
  );
}
