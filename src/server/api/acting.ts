import type { FastifyRequest } from 'fastify';
import { SchoolgateError } from '../../errors';
import type { StaffCaller, Viewer } from '../../workflow/views';

/**
 * Who a request reads or acts as. A console session is its own member of staff. The API token is the
 * deployment's operator: it reads every school, and to change anything it must name the member of staff it
 * acts for, so every decision records who made it.
 */
export const STAFF_HEADER = 'x-schoolgate-staff';
export const SCHOOL_HEADER = 'x-schoolgate-school';

const ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;

function header(request: FastifyRequest, name: string): string | undefined {
  const v = request.headers[name];
  if (v === undefined) return undefined;
  const value = (Array.isArray(v) ? v[0] : v)?.trim();
  if (!value || !ID.test(value))
    throw new SchoolgateError('INPUT_INVALID', `The ${name} header must be an id from the school file (lower-case letters, digits, "-" or "_"), such as "karen".`);
  return value;
}

/** The reader: the session's staff member, the staff member the API token names, or the operator. */
export function viewerOf(request: FastifyRequest): Viewer {
  const p = request.principal;
  if (!p) throw new SchoolgateError('UNAUTHENTICATED', 'No credentials were sent.');
  const named = header(request, STAFF_HEADER);
  if (p.via === 'session') {
    if (named !== undefined && named !== p.staffId)
      throw new SchoolgateError('FORBIDDEN', `A console session acts only as its own member of staff ("${p.staffId}"), not as "${named}".`);
    return { kind: 'staff', staffId: p.staffId, via: 'session', ...(p.schoolId ? { schoolId: p.schoolId } : {}) };
  }
  if (named === undefined) return { kind: 'operator' };
  const school = header(request, SCHOOL_HEADER);
  return { kind: 'staff', staffId: named, via: 'api_token', ...(school ? { schoolId: school } : {}) };
}

/** The member of staff a state-changing request acts for; refused (400) when the API token names nobody. */
export function actorOf(request: FastifyRequest): StaffCaller {
  const v = viewerOf(request);
  if (v.kind === 'operator')
    throw new SchoolgateError(
      'INPUT_INVALID',
      'This request changes a case, so it must say which member of staff it acts for: send the header `X-Schoolgate-Staff: <staff id from the school file>` (and `X-Schoolgate-School: <school id>` if that id is in more than one school file).',
    );
  return v;
}
