import { SchoolgateError } from '../../src/errors';

/**
 * Bot Framework and Microsoft Entra failures → SchoolgateError with a message for whoever must fix it. Vendor errors
 * stop here. The connector's errors carry `statusCode`; MSAL's (the bot's token) carry `errorCode`.
 */
export function fromTeamsError(e: unknown, doing: string): SchoolgateError {
  if (e instanceof SchoolgateError) return e;
  const x = e as { statusCode?: number; code?: string; errorCode?: string; message?: string };
  const message = typeof x?.message === 'string' ? x.message.slice(0, 300) : String(e).slice(0, 300);
  if (x?.errorCode) {
    // MSAL: the bot could not get its token (a wrong secret, app id or tenant, an expired secret).
    return new SchoolgateError(
      'CONFIG_INVALID',
      `Microsoft Entra refused the bot's credentials while trying to ${doing} (${x.errorCode}). Check MICROSOFT_APP_ID, MICROSOFT_APP_PASSWORD (a client secret of the app registration, not expired) and MICROSOFT_APP_TENANT_ID.`,
      { entra: x.errorCode },
      { cause: e },
    );
  }
  const status = x?.statusCode;
  if (status === 401 || status === 403)
    return new SchoolgateError(
      'CONFIG_INVALID',
      `Teams refused to ${doing} (HTTP ${status}): the bot may have been removed from this chat or blocked by the tenant's admin, or its credentials are wrong (MICROSOFT_APP_ID, MICROSOFT_APP_PASSWORD).`,
      { status },
      { cause: e },
    );
  if (status === 404) return new SchoolgateError('NOT_FOUND', `Teams could not ${doing}: the conversation or message no longer exists (HTTP 404).`, { status }, { cause: e });
  if (status === 429) return new SchoolgateError('RATE_LIMITED', `Teams asked us to slow down while trying to ${doing} (HTTP 429).`, { status }, { cause: e });
  if (typeof status === 'number') return new SchoolgateError('UPSTREAM_FAILED', `Teams answered HTTP ${status} while trying to ${doing}.`, { status }, { cause: e });
  return new SchoolgateError('UPSTREAM_FAILED', `Could not reach Teams to ${doing}: ${message}`, undefined, { cause: e });
}

/**
 * Whether a failed send may still have reached the parent: an answer from Teams saying no (4xx) means it did not;
 * a 5xx, a timeout or a connection reset after the request went out may have. Only a refused connection is sure.
 */
export function maybeDelivered(e: unknown): boolean {
  const x = e as { statusCode?: number; code?: string; errorCode?: string };
  if (x?.errorCode) return false; // the bot's token was refused: nothing was sent
  if (typeof x?.statusCode === 'number') return x.statusCode >= 500;
  return !['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN'].includes(x?.code ?? '');
}
