import type { Env } from '../config/env';
import type { ServerDeps } from './app';

/** The parts of ServerDeps that come straight from the environment, for the composition root. */
export function serverSettingsFromEnv(env: Env): Pick<ServerDeps, 'apiToken' | 'limits' | 'trustProxy'> {
  return {
    apiToken: env.SCHOOLGATE_API_TOKEN,
    trustProxy: env.SCHOOLGATE_TRUST_PROXY,
    limits: {
      apiRequestsPerMinute: env.SCHOOLGATE_API_RATE_LIMIT,
      webhookRequestsPerMinute: env.SCHOOLGATE_WEBHOOK_RATE_LIMIT,
    },
  };
}
