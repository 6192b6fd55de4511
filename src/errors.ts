/**
 * One error base with stable codes. The domain returns or throws these; the HTTP layer maps codes to
 * statuses in one place (src/server/errors.ts) and the CLI prints `message` for the person who must fix it.
 */
export const ERROR_CODES = {
  CONFIG_INVALID: 'the environment or school file is wrong',
  INPUT_INVALID: 'a request or input line is malformed',
  NOT_FOUND: 'the thing asked for does not exist',
  ILLEGAL_TRANSITION: 'a case or reply cannot move to that state from where it is',
  FORBIDDEN: 'the caller lacks the role for this action',
  UNAUTHENTICATED: 'no valid credentials were given',
  CONFLICT: 'the change conflicts with the current state',
  UPSTREAM_FAILED: 'an outside service failed',
  RATE_LIMITED: 'too many requests from one caller; retry after the interval given',
  INTERNAL: 'an unexpected server fault (details are in the server log, never in the response)',
} as const;
export type ErrorCode = keyof typeof ERROR_CODES;

export class SchoolgateError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;
  constructor(code: ErrorCode, message: string, details?: unknown, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SchoolgateError';
    this.code = code;
    this.details = details;
  }
}

export function isSchoolgateError(e: unknown, code?: ErrorCode): e is SchoolgateError {
  return e instanceof SchoolgateError && (code === undefined || e.code === code);
}

/** A result that is a value, for expected outcomes that are not exceptional. */
export type Result<T, E = SchoolgateError> = { ok: true; value: T } | { ok: false; error: E };
export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });
export const err = <E>(error: E): Result<never, E> => ({ ok: false, error });
