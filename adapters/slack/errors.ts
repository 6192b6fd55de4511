import { type Logger, LogLevel, webApi } from '@slack/bolt';
import { SchoolgateError } from '../../src/errors';

/** Slack error codes that mean the app's configuration is wrong (an operator must act), not that Slack is down. */
const CONFIG_ERRORS = new Set(['invalid_auth', 'not_authed', 'account_inactive', 'token_revoked', 'token_expired', 'missing_scope', 'no_permission', 'not_allowed_token_type']);

/** A Web API failure → SchoolgateError with a message for whoever must fix it. Vendor errors stop here. */
export function fromSlackError(e: unknown, doing: string): SchoolgateError {
  if (e instanceof SchoolgateError) return e;
  const { ErrorCode } = webApi;
  const coded = e as { code?: string; data?: { error?: string; needed?: string }; retryAfter?: number; statusCode?: number };
  if (coded.code === ErrorCode.PlatformError) {
    const code = coded.data?.error ?? 'unknown_error';
    if (CONFIG_ERRORS.has(code)) {
      const needed = code === 'missing_scope' && coded.data?.needed ? ` (it needs the ${coded.data.needed} scope: reinstall the app from adapters/slack/manifest.yaml)` : '';
      return new SchoolgateError('CONFIG_INVALID', `Slack refused to ${doing}: ${code}${needed}. Check SLACK_BOT_TOKEN (Slack app settings, OAuth & Permissions).`, { slack: code }, { cause: e });
    }
    if (code === 'message_not_found' || code === 'channel_not_found' || code === 'user_not_found')
      return new SchoolgateError('NOT_FOUND', `Slack could not ${doing}: ${code}.`, { slack: code }, { cause: e });
    return new SchoolgateError('UPSTREAM_FAILED', `Slack could not ${doing}: ${code}.`, { slack: code }, { cause: e });
  }
  if (coded.code === ErrorCode.RateLimitedError)
    return new SchoolgateError('RATE_LIMITED', `Slack asked us to slow down while trying to ${doing}; retry after ${coded.retryAfter ?? '?'} s.`, { retryAfter: coded.retryAfter }, { cause: e });
  if (coded.code === ErrorCode.HTTPError)
    return new SchoolgateError('UPSTREAM_FAILED', `Slack answered HTTP ${coded.statusCode ?? '?'} while trying to ${doing}.`, undefined, { cause: e });
  const message = e instanceof Error ? e.message : String(e);
  return new SchoolgateError('UPSTREAM_FAILED', `Could not reach Slack to ${doing}: ${message}`, undefined, { cause: e });
}

/** The part of our logger Bolt's logs go to. */
export interface LogSink {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/**
 * Bolt's and the Web API client's logger, pointed at ours. Their debug and info lines carry whole request and
 * event payloads (a parent's words, staff names), so they are dropped; warnings and errors keep only their text.
 */
export function boltLogger(sink: LogSink | undefined): Logger {
  const text = (args: unknown[]) =>
    args
      .map((a) => (typeof a === 'string' ? a : a instanceof Error ? `${a.name}: ${(a as { code?: string }).code ?? ''} ${a.message}` : ''))
      .filter(Boolean)
      .join(' ')
      .slice(0, 500);
  let level = LogLevel.WARN;
  return {
    debug: () => {},
    info: () => {},
    warn: (...args: unknown[]) => sink?.warn({ component: 'slack' }, text(args)),
    error: (...args: unknown[]) => sink?.error({ component: 'slack' }, text(args)),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}
