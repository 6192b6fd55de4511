import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type ErrorCode, isSchoolgateError } from '../errors';

/**
 * The one place errors become HTTP responses. The domain throws or returns SchoolgateError with a stable code;
 * this maps the code to a status. Clients get `{error:{code, message}}` (plain text on the provider webhooks,
 * whose callers show the body as-is); never a stack trace. Server faults are logged with their stack.
 */

export const HTTP_STATUS: Record<ErrorCode, number> = {
  INPUT_INVALID: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  ILLEGAL_TRANSITION: 409,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  UPSTREAM_FAILED: 502,
  // At request time a config problem means this server cannot serve the request until an operator fixes it.
  CONFIG_INVALID: 503,
};

export interface HttpError {
  status: number;
  code: ErrorCode;
  message: string;
}

const INTERNAL_MESSAGE = 'Something went wrong on our side; please retry. The details are in the server log.';

/** Framework errors (body too large, wrong content type, rate limit) carry a 4xx statusCode of their own. */
function frameworkError(error: FastifyError, bodyLimit: number): HttpError | null {
  const status = error.statusCode;
  if (typeof status !== 'number' || status < 400 || status >= 500) return null;
  switch (status) {
    case 413:
      return { status, code: 'INPUT_INVALID', message: `The request body is larger than the ${Math.round(bodyLimit / 1024)} KiB limit.` };
    case 415:
      return { status, code: 'INPUT_INVALID', message: `Unsupported content type${error.message ? `: ${error.message}` : ''}.` };
    case 429:
      return { status, code: 'RATE_LIMITED', message: error.message || 'Too many requests.' };
    case 401:
      return { status, code: 'UNAUTHENTICATED', message: error.message };
    case 403:
      return { status, code: 'FORBIDDEN', message: error.message };
    case 404:
      return { status, code: 'NOT_FOUND', message: error.message };
    default:
      // JSON syntax errors and the like; the message describes the caller's own input.
      return { status, code: 'INPUT_INVALID', message: error.message || 'The request is malformed.' };
  }
}

export function toHttpError(error: unknown, bodyLimit: number): HttpError {
  if (isSchoolgateError(error)) return { status: HTTP_STATUS[error.code], code: error.code, message: error.message };
  const fw = frameworkError(error as FastifyError, bodyLimit);
  return fw ?? { status: 500, code: 'INTERNAL', message: INTERNAL_MESSAGE };
}

/** Provider webhooks get plain text: Twilio shows the body in its debugger, and TwiML must not be implied. */
const wantsPlainText = (request: FastifyRequest) => request.url.startsWith('/webhooks/');

export function sendError(request: FastifyRequest, reply: FastifyReply, e: HttpError) {
  reply.status(e.status);
  if (wantsPlainText(request)) return reply.type('text/plain; charset=utf-8').send(e.message);
  return reply.type('application/json; charset=utf-8').send({ error: { code: e.code, message: e.message } });
}

export function installErrorHandling(app: FastifyInstance, bodyLimit: number) {
  app.setErrorHandler((error, request, reply) => {
    const e = toHttpError(error, bodyLimit);
    if (e.status >= 500) {
      // A config problem is logged with its message, since it says how to fix it; other faults with the error.
      if (e.code === 'CONFIG_INVALID') request.log.error({ code: e.code }, e.message);
      else request.log.error({ err: error, code: e.code }, 'request failed');
    } else if (e.status === 401 || e.status === 403) {
      request.log.warn({ code: e.code, status: e.status }, 'request refused: not authenticated');
    } else {
      request.log.info({ code: e.code, status: e.status }, 'request refused');
    }
    return sendError(request, reply, e);
  });

  installNotFound(app);
}

/** Per scope too: a scope's 404 then runs its hooks (the API's authentication answers before any 404). */
export function installNotFound(app: FastifyInstance) {
  app.setNotFoundHandler((request, reply) =>
    sendError(request, reply, {
      status: 404,
      code: 'NOT_FOUND',
      // The path only: a query string may carry personal data.
      message: `No route ${request.method} ${request.url.split('?')[0]}.`,
    }),
  );
}
