import { and, asc, eq } from 'drizzle-orm';
import { SchoolgateError } from '../errors';
import type { Db } from '../store/open';
import { modelCalls, triageResults } from '../store/schema';
import type { Viewer, WorkflowApi } from '../workflow/views';
import type { MessageModelAudit, ModelAuditApi } from './model-views';
import { TriageProvenance } from './provenance';
import type { ModelCallPurpose } from './usage-ledger';

const StoredModel = TriageProvenance.omit({ sentText: true });

/**
 * The model audit of one message, from its triage row and the model calls made for it. Reading goes through the
 * workflow's message rules first (who may read the log, which school, whether the words are withheld from this
 * reader), so the text sent is shown exactly to those who may read the message.
 */
export class StoredModelAudit implements ModelAuditApi {
  constructor(private readonly deps: { workflow: Pick<WorkflowApi, 'getMessage'>; db: Db }) {}

  async messageModelAudit(messageId: string, viewer: Viewer): Promise<MessageModelAudit> {
    const message = await this.deps.workflow.getMessage(messageId, viewer);
    const [row] = await this.deps.db
      .select()
      .from(triageResults)
      .where(and(eq(triageResults.messageId, message.id), eq(triageResults.schoolId, message.schoolId)))
      .limit(1);
    if (!row) throw new SchoolgateError('NOT_FOUND', `Message ${messageId} has not been triaged yet.`);
    const calls = await this.deps.db
      .select()
      .from(modelCalls)
      .where(and(eq(modelCalls.schoolId, message.schoolId), eq(modelCalls.subjectId, message.id)))
      .orderBy(asc(modelCalls.id));
    const model = row.model === null ? null : StoredModel.safeParse(row.model);
    return {
      messageId: message.id,
      schoolId: message.schoolId,
      classifier: row.classifier,
      model: model?.success ? model.data : null,
      fellBack: row.fellBack,
      needsReview: row.needsReview,
      sentText: message.withheld ? null : row.sentText,
      withheld: message.withheld,
      calls: calls.map((c) => ({
        at: new Date(c.createdAt).toISOString(),
        purpose: c.purpose as ModelCallPurpose,
        modelId: c.modelId,
        outcome: c.outcome,
        inputTokens: c.inputTokens,
        outputTokens: c.outputTokens,
        latencyMs: c.latencyMs,
      })),
    };
  }
}
