import { randomBytes } from 'node:crypto';
import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Accounts } from '../auth/accounts';
import { accountRoutes } from './accounts-page';
import { caseRoutes } from './case-page';
import { SchoolgateError } from '../errors';
import { ConsoleContext, type ConsoleDeps, SESSION_COOKIE, sameToken } from './context';
import { peopleRoutes } from './people';
import { queueRoutes } from './queues';
import { signInRoutes } from './signin';
import { simulatorRoutes } from './simulator';

export { type ConsoleDeps, SESSION_COOKIE } from './context';

/**
 * The staff console at `/`: sign-in, the queues each role works through, a page per case with the actions the
 * workflow offers, parents, audit, accounts and the simulator. Every action calls the one workflow service as the
 * signed-in member of staff, so the permissions, states and audit trail are exactly the API's. Every form carries
 * a per-session CSRF token; pages work without JavaScript.
 */
export async function consoleRoutes(app: FastifyInstance, deps: ConsoleDeps): Promise<void> {
  // The secret signs only the short-lived Microsoft sign-in cookie; sessions are random tokens checked in the database.
  await app.register(cookie, { secret: deps.cookieSecret ?? randomBytes(32).toString('base64url') });
  // Console pages are per-person: never cached, never framed.
  app.addHook('onSend', async (request, reply) => {
    if (request.url.startsWith('/console') || request.url === '/' || request.url.startsWith('/login')) {
      reply.header('cache-control', 'no-store');
      reply.header('x-frame-options', 'DENY');
      reply.header('referrer-policy', 'same-origin');
    }
  });
  const ctx = new ConsoleContext(app, deps);
  signInRoutes(ctx);
  queueRoutes(ctx);
  caseRoutes(ctx);
  peopleRoutes(ctx);
  simulatorRoutes(ctx);
  accountRoutes(ctx);
}

export const CSRF_HEADER = 'x-schoolgate-csrf';

/**
 * The API's session authenticator: the console's cookie names its member of staff. A change made with the
 * cookie must also send the session's CSRF token in the X-Schoolgate-CSRF header (the console's pages carry it in
 * data-csrf), so another site cannot make a signed-in browser act: 403 without it.
 */
export function sessionAuthenticator(accounts: Accounts) {
  return async (request: FastifyRequest) => {
    const raw = request.headers.cookie;
    if (!raw) return null;
    const m = new RegExp(`(?:^|;\\s*)${SESSION_COOKIE}=([^;]+)`).exec(raw);
    const u = m ? await accounts.session(decodeURIComponent(m[1]!)) : null;
    if (!u) return null;
    if (!['GET', 'HEAD', 'OPTIONS'].includes(request.method)) {
      const sent = request.headers[CSRF_HEADER];
      if (typeof sent !== 'string' || !sameToken(sent, u.csrfToken))
        throw new SchoolgateError('FORBIDDEN', `A change made with a console session must send the session's CSRF token in the ${CSRF_HEADER} header.`);
    }
    return { via: 'session' as const, staffId: u.staffId, schoolId: u.schoolId };
  };
}
