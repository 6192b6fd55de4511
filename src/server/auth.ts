import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { SchoolgateError } from '../errors';

/**
 * Who is calling the JSON API. The bearer token is automation (an integration acting for the school); a console
 * session (added later) names a member of staff. The workflow decides what each may do.
 */
export type Principal = { via: 'api_token' } | { via: 'session'; staffId: string; schoolId?: string };

/**
 * A further way to authenticate, tried in order when no bearer token was sent: the hook point for the console's
 * session cookie. Resolve a principal, or null to let the next one try; throw a SchoolgateError to refuse.
 */
export type RequestAuthenticator = (request: FastifyRequest) => Promise<Principal | null>;

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the API's authentication hook; null outside /api/v1. */
    principal: Principal | null;
  }
}

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/** Holds the configured token as a digest, so comparing is constant-time whatever the lengths. */
export class BearerToken {
  private readonly expected: Buffer | null;

  constructor(token: string | undefined) {
    this.expected = token ? digest(token) : null;
  }

  get configured(): boolean {
    return this.expected !== null;
  }

  /** The bearer credential a request carries, or null when it sends none. */
  static presented(request: FastifyRequest): string | null {
    const h = request.headers.authorization;
    if (typeof h !== 'string') return null;
    const m = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(h);
    return m ? m[1]! : null;
  }

  matches(presented: string | null): boolean {
    if (!this.expected || presented === null) return false;
    return timingSafeEqual(this.expected, digest(presented));
  }
}

const TOKEN_HELP = 'Send the header `Authorization: Bearer <SCHOOLGATE_API_TOKEN>`.';
const NOT_CONFIGURED =
  'The JSON API is off because SCHOOLGATE_API_TOKEN is not set. Set it to a long random secret ' +
  '(at least 8 characters; `openssl rand -hex 24` makes one), restart Schoolgate, and send it as `Authorization: Bearer <token>`.';

/** The onRequest hook that guards /api/v1: a bearer token, else each extra authenticator, else 401. */
export function apiAuthentication(token: BearerToken, authenticators: readonly RequestAuthenticator[]) {
  return async function authenticate(request: FastifyRequest, reply: FastifyReply) {
    const presented = BearerToken.presented(request);
    if (presented !== null || request.headers.authorization !== undefined) {
      if (token.matches(presented)) {
        request.principal = { via: 'api_token' };
        return;
      }
      reply.header('www-authenticate', 'Bearer realm="schoolgate", error="invalid_token"');
      throw new SchoolgateError(
        'UNAUTHENTICATED',
        token.configured ? `The API token is wrong or malformed. ${TOKEN_HELP}` : NOT_CONFIGURED,
      );
    }
    for (const authenticate of authenticators) {
      const principal = await authenticate(request);
      if (principal) {
        request.principal = principal;
        return;
      }
    }
    reply.header('www-authenticate', 'Bearer realm="schoolgate"');
    throw new SchoolgateError('UNAUTHENTICATED', token.configured ? `No credentials were sent. ${TOKEN_HELP}` : NOT_CONFIGURED);
  };
}
