import { z } from 'zod';
import { Channel } from './taxonomy';

/** One inbound parent message as the triage sees it (the `schoolgate triage` JSONL contract). */
export const InboundMessage = z.object({
  id: z.string().min(1, 'id must be a non-empty string'),
  from: z.string().min(1, 'from must be the sender’s phone number or Teams id'),
  receivedAt: z.iso.datetime({ offset: true, message: 'receivedAt must be an ISO 8601 time such as 2026-10-01T06:18:00Z' }),
  channel: Channel,
  body: z.string().max(10_000, 'body is longer than 10,000 characters'),
});
export type InboundMessage = z.infer<typeof InboundMessage>;
