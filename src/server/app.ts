import type { IncomingMessage, ServerResponse } from 'node:http';
import formbody from '@fastify/formbody';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { ParentChannelIngest, ParentChannelWebhook } from '../channels/parent-channel';
import type { SchoolgateError } from '../errors';
import { type ApiDeps, apiRoutes } from './api/index';
import { apiAuthentication, BearerToken, type RequestAuthenticator } from './auth';
import { installErrorHandling, installNotFound } from './errors';
import { type HealthChecks, healthRoutes } from './health';
import { twilioWebhookRoutes } from './webhooks/twilio';

export interface ServerLimits {
  /** Largest request body accepted (413 above it). Twilio's biggest form is a few KiB. */
  bodyLimitBytes: number;
  /** JSON API requests per minute per token (or per IP without a valid one); 0 turns the limit off. */
  apiRequestsPerMinute: number;
  /**
   * Webhook requests per minute per IP; 0 turns the limit off. Generous: Twilio calls from many addresses, a
   * refused inbound text may never come back, and a load test from one address must reach 2,000 requests/s.
   */
  webhookRequestsPerMinute: number;
  /** How long /health waits for each dependency's check. */
  healthTimeoutMs: number;
}

export const DEFAULT_LIMITS: ServerLimits = {
  bodyLimitBytes: 64 * 1024,
  apiRequestsPerMinute: 600,
  webhookRequestsPerMinute: 300_000,
  healthTimeoutMs: 2_000,
};

/**
 * A provider webhook whose SDK verifies the signature over the raw bytes and answers itself (Slack's Bolt): it is
 * handed Node's request before Fastify reads the body. Unconfigured, `handler` is the error to refuse with (503,
 * saying what to set), so the route fails closed.
 */
export interface RawWebhook {
  path: string;
  handler: ((req: IncomingMessage, res: ServerResponse) => void) | SchoolgateError;
}

/** Everything the server needs, as ports. It imports no storage, queue or vendor SDK. */
export interface ServerDeps {
  /** Build it with createLogger (./logger): that is where redaction is configured. */
  logger: FastifyBaseLogger;
  health: HealthChecks;
  /** Persists inbound traffic before the server answers the provider. */
  ingest: ParentChannelIngest;
  /** The SMS channel's inbound side (the Twilio adapter's TwilioSmsWebhook). */
  sms: ParentChannelWebhook;
  /** Passed through to the JSON API's routes. */
  api: ApiDeps;
  /** SCHOOLGATE_API_TOKEN; without it the API refuses bearer callers and says what to set. */
  apiToken?: string;
  /** Tried in order when a request carries no bearer token (the console's session cookie, later). */
  authenticators?: readonly RequestAuthenticator[];
  /** Webhooks answered by their SDK from the raw request (Slack), under the webhook rate limit. */
  rawWebhooks?: readonly RawWebhook[];
  /**
   * Provider routes that verify and answer from the parsed request (the Bot Framework's POST /api/messages, whose
   * SDK checks a JWT), under the webhook rate limit. Each mounts its own path and fails closed when unconfigured.
   */
  webhookRoutes?: readonly ((scope: FastifyInstance) => void)[];
  /** The staff console's pages (src/console), mounted at `/`. */
  console?: (app: FastifyInstance) => Promise<void>;
  limits?: Partial<ServerLimits>;
  /** Fastify's trustProxy: set when a reverse proxy sits in front, so request.ip is the caller's. */
  trustProxy?: boolean | string;
  clock?: () => Date;
}

export async function buildServer(deps: ServerDeps): Promise<FastifyInstance> {
  const limits: ServerLimits = { ...DEFAULT_LIMITS, ...deps.limits };
  const clock = deps.clock ?? (() => new Date());

  const app = Fastify({
    loggerInstance: deps.logger,
    bodyLimit: limits.bodyLimitBytes,
    trustProxy: deps.trustProxy ?? false,
    // While closing, requests on kept-alive connections get 503 and idle connections are closed.
    return503OnClosing: true,
    forceCloseConnections: 'idle',
  });
  app.decorateRequest('principal', null);
  // Once closing, answers in flight end their connection: otherwise a client's kept-alive socket would hold
  // close() open until the keep-alive timeout.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (_request, reply) => {
    if (closing) reply.header('connection', 'close');
  });
  installErrorHandling(app, limits.bodyLimitBytes);
  await app.register(formbody, { bodyLimit: limits.bodyLimitBytes });
  // Not global: each scope below adds its own limiter with its own key.
  await app.register(rateLimit, { global: false });

  healthRoutes(app, deps.health, limits.healthTimeoutMs);
  if (deps.console) await app.register(deps.console);

  await app.register(async (webhooks) => {
    if (limits.webhookRequestsPerMinute > 0) {
      webhooks.addHook('onRequest', webhooks.rateLimit({ max: limits.webhookRequestsPerMinute, timeWindow: 60_000 }));
    }
    twilioWebhookRoutes(webhooks, { sms: deps.sms, ingest: deps.ingest, clock });
    for (const mount of deps.webhookRoutes ?? []) mount(webhooks);
    for (const hook of deps.rawWebhooks ?? []) {
      const handler = hook.handler;
      if (typeof handler !== 'function') {
        // Refused before the body is read: nothing from an unverifiable caller is parsed.
        const refuse = async () => {
          throw handler;
        };
        webhooks.post(hook.path, { onRequest: refuse }, async () => {});
        continue;
      }
      // Hijacked in onRequest, before Fastify reads the body, so the SDK verifies the exact bytes signed; `done` is
      // deliberately never called.
      const handOver = (request: FastifyRequest, reply: FastifyReply, _done: () => void) => {
        reply.hijack();
        handler(request.raw, reply.raw);
      };
      webhooks.post(hook.path, { onRequest: handOver }, async () => {});
    }
  });

  const token = new BearerToken(deps.apiToken);
  await app.register(
    async (api) => {
      if (limits.apiRequestsPerMinute > 0) {
        api.addHook(
          'onRequest',
          api.rateLimit({
            max: limits.apiRequestsPerMinute,
            timeWindow: 60_000,
            // A valid token shares one bucket; anything else counts against the caller's address, so guessing
            // tokens cannot buy fresh buckets.
            keyGenerator: (request) => (token.matches(BearerToken.presented(request)) ? 'api-token' : `ip:${request.ip}`),
          }),
        );
      }
      api.addHook('onRequest', apiAuthentication(token, deps.authenticators ?? []));
      installNotFound(api);
      await apiRoutes(api, deps.api);
    },
    { prefix: '/api/v1' },
  );

  return app;
}
