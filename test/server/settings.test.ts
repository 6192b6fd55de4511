import { describe, expect, it } from 'vitest';
import { parseEnv } from '../../src/config/env';
import { serverSettingsFromEnv } from '../../src/server/settings';

describe('server settings from the environment', () => {
  it('defaults to generous webhook limits, a moderate API limit and no trusted proxy', () => {
    const env = parseEnv({});
    if (!env.ok) throw env.error;
    expect(serverSettingsFromEnv(env.value)).toEqual({
      apiToken: undefined,
      trustProxy: false,
      limits: { apiRequestsPerMinute: 600, webhookRequestsPerMinute: 300_000 },
    });
  });

  it('reads limits, the API token and proxy addresses', () => {
    const env = parseEnv({
      SCHOOLGATE_API_RATE_LIMIT: '120',
      SCHOOLGATE_WEBHOOK_RATE_LIMIT: '0',
      SCHOOLGATE_TRUST_PROXY: '127.0.0.1,10.0.0.0/8',
      SCHOOLGATE_API_TOKEN: 'a-token-of-twenty-chars',
    });
    if (!env.ok) throw env.error;
    expect(serverSettingsFromEnv(env.value)).toEqual({
      apiToken: 'a-token-of-twenty-chars',
      trustProxy: '127.0.0.1,10.0.0.0/8',
      limits: { apiRequestsPerMinute: 120, webhookRequestsPerMinute: 0 },
    });
    const t = parseEnv({ SCHOOLGATE_TRUST_PROXY: 'true' });
    expect(t.ok && t.value.SCHOOLGATE_TRUST_PROXY).toBe(true);
  });

  it('explains a hop count or a non-numeric limit', () => {
    const env = parseEnv({ SCHOOLGATE_TRUST_PROXY: '2', SCHOOLGATE_API_RATE_LIMIT: 'lots' });
    expect(env.ok).toBe(false);
    if (env.ok) return;
    expect(env.error.message).toMatch(/SCHOOLGATE_TRUST_PROXY takes the proxy addresses/);
    expect(env.error.message).toMatch(/SCHOOLGATE_API_RATE_LIMIT must be a number of requests per minute/);
  });
});
