import { type Activity, TurnContext } from 'botbuilder';

/** The part of botframework-connector's ConnectorClient we call (botbuilder keeps it in the turn state). */
interface Connector {
  conversations: { sendToConversation(conversationId: string, activity: Partial<Activity>): Promise<{ id?: string }> };
}

/**
 * Post a new message in the turn's conversation (POST /v3/conversations/{id}/activities), as Teams documents for
 * proactive messages. TurnContext.sendActivity would post it as a reply to the continuation's made-up activity id.
 */
export async function postNew(ctx: TurnContext, activity: Partial<Activity>): Promise<string | undefined> {
  const client = ctx.turnState.get(ctx.adapter.ConnectorClientKey) as Connector | undefined;
  if (!client) throw new Error('botbuilder gave this turn no connector client');
  const full = TurnContext.applyConversationReference({ ...activity }, TurnContext.getConversationReference(ctx.activity));
  delete full.replyToId;
  const conversationId = full.conversation?.id;
  if (!conversationId) throw new Error('the conversation reference has no conversation id');
  return (await client.conversations.sendToConversation(conversationId, full)).id;
}
