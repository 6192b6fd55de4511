import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ParentChannelIngest, ParentChannelWebhook, WebhookRequest } from '../../channels/parent-channel';
import { SchoolgateError } from '../../errors';

/**
 * Twilio's two webhooks. The adapter behind `ParentChannelWebhook` verifies and parses; these routes only order
 * the steps: verify → parse → persist (await) → answer. Twilio gets 200 only for something stored, so a storage
 * fault (5xx) lets Twilio's retry deliver it again; acknowledgements to parents go through the outbox, never TwiML.
 */

// An empty TwiML response: "received, nothing to say".
export const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>';

export interface TwilioWebhookDeps {
  sms: ParentChannelWebhook;
  ingest: ParentChannelIngest;
  clock: () => Date;
}

function toWebhookRequest(request: FastifyRequest): WebhookRequest {
  const type = request.headers['content-type'] ?? '';
  if (!/^application\/x-www-form-urlencoded\b/i.test(type) || typeof request.body !== 'object' || request.body === null) {
    throw new SchoolgateError('INPUT_INVALID', 'Twilio webhooks must be POSTed as application/x-www-form-urlencoded.');
  }
  return { url: request.url, headers: request.headers, form: request.body as Record<string, unknown> };
}

export function twilioWebhookRoutes(app: FastifyInstance, deps: TwilioWebhookDeps) {
  app.post('/webhooks/twilio/sms', async (request, reply) => {
    const received = deps.sms.inbound(toWebhookRequest(request), deps.clock());
    if (!received.ok) throw received.error;
    const event = received.value;
    if (event.kind === 'text') {
      const { stored } = await deps.ingest.acceptInbound(event.text);
      request.log.info(
        { providerMessageId: event.text.providerMessageId, mediaCount: event.text.media.length, stored },
        'inbound sms',
      );
    } else {
      const { stored } = await deps.ingest.recordConsent(event.change);
      request.log.info({ providerMessageId: event.change.providerMessageId, consent: event.change.kind, stored }, 'inbound sms consent change');
    }
    // Same answer for a duplicate: Twilio must stop redelivering something we already hold.
    return reply.status(200).type('text/xml; charset=utf-8').send(EMPTY_TWIML);
  });

  app.post('/webhooks/twilio/status', async (request, reply) => {
    const received = deps.sms.status(toWebhookRequest(request), deps.clock());
    if (!received.ok) throw received.error;
    await deps.ingest.recordStatus(received.value);
    request.log.info(
      { providerMessageId: received.value.providerMessageId, status: received.value.status, errorCode: received.value.errorCode },
      'sms delivery status',
    );
    return reply.status(204).send();
  });
}
