import type { ConversationReference } from 'botbuilder';
import { and, desc, eq, or } from 'drizzle-orm';
import type { Db } from '../../src/store/open';
import { teamsConversations } from '../../src/store/schema';

/**
 * The conversation references Teams gives the bot (a person's 1:1 chat), kept per school so alerts and replies can
 * be sent proactively later. Captured when someone messages the bot or installs it; refreshed on every message, so
 * a changed service URL is picked up.
 */

export interface RememberedConversation {
  schoolId: string;
  kind: 'staff' | 'parent';
  memberId: string | null;
  address: string;
  teamsUserId: string;
  aadObjectId: string | null;
  reference: Partial<ConversationReference>;
}

type Row = typeof teamsConversations.$inferSelect;

export class TeamsConversations {
  constructor(
    private readonly db: Db,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async remember(c: RememberedConversation): Promise<void> {
    const conversationId = c.reference.conversation?.id;
    if (!conversationId) return;
    const now = this.clock().toISOString();
    await this.db
      .insert(teamsConversations)
      .values({ ...c, conversationId, reference: c.reference, createdAt: now, updatedAt: now })
      .onConflictDoUpdate({
        target: [teamsConversations.schoolId, teamsConversations.kind, teamsConversations.teamsUserId],
        set: { memberId: c.memberId, address: c.address, aadObjectId: c.aadObjectId, conversationId, reference: c.reference, updatedAt: now },
      });
  }

  /** The 1:1 chat with a member of staff of this school, by the id the school file gives them (either Teams id). */
  async forStaff(schoolId: string, listedId: string): Promise<Row | null> {
    const [row] = await this.db
      .select()
      .from(teamsConversations)
      .where(
        and(
          eq(teamsConversations.schoolId, schoolId),
          eq(teamsConversations.kind, 'staff'),
          or(eq(teamsConversations.address, listedId), eq(teamsConversations.teamsUserId, listedId), eq(teamsConversations.aadObjectId, listedId)),
        ),
      )
      .orderBy(desc(teamsConversations.updatedAt))
      .limit(1);
    return row ?? null;
  }

  /** The chat with a parent, by the address their messages are stored under (the outbox's `to`). */
  async forParent(address: string): Promise<Row | null> {
    const [row] = await this.db
      .select()
      .from(teamsConversations)
      .where(and(eq(teamsConversations.kind, 'parent'), eq(teamsConversations.address, address)))
      .orderBy(desc(teamsConversations.updatedAt))
      .limit(1);
    return row ?? null;
  }

  /** The bot was uninstalled from this chat: nothing more can be sent there until it is installed again. */
  async forget(conversationId: string): Promise<void> {
    await this.db.delete(teamsConversations).where(eq(teamsConversations.conversationId, conversationId));
  }

  async byConversationId(conversationId: string): Promise<Row | null> {
    const [row] = await this.db
      .select()
      .from(teamsConversations)
      .where(eq(teamsConversations.conversationId, conversationId))
      .orderBy(desc(teamsConversations.updatedAt))
      .limit(1);
    return row ?? null;
  }
}

export const referenceOf = (row: Row): Partial<ConversationReference> => row.reference as Partial<ConversationReference>;
