import type { App, BlockAction, ButtonAction, types, ViewSubmitAction, webApi } from '@slack/bolt';
import type { AlertPurpose } from '../../src/alerts/alert-channel';
import { alertRecipient, caseAlert } from '../../src/alerts/case-alert';
import type { School } from '../../src/config/load-school';
import type { StaffMember } from '../../src/config/school-schema';
import { isSchoolgateError, SchoolgateError } from '../../src/errors';
import type { CaseDetail, StaffCaller, WorkflowApi } from '../../src/workflow/views';
import { alertMessage } from './blocks';
import { fromSlackError, type LogSink } from './errors';
import {
  breachModal,
  decisionInput,
  editApproveModal,
  editedInputOf,
  errorsFor,
  escalateModal,
  notBreachModal,
  reasonInputOf,
  refusalModal,
  rejectModal,
  replyInputOf,
  type ViewValues,
  writeReplyModal,
} from './modals';
import { ACTION, ButtonValue, ModalMetadata, type RenderOptions, type SlackMessageRef, VIEW, type ViewId } from './types';

/**
 * Button presses and modal submissions → the one workflow service. The adapter resolves who pressed (their Slack
 * user id → a member of staff in the school file of the case's school), converts the form into the workflow's
 * input, calls WorkflowApi as that member of staff, and redraws the message from the case's new state. It decides
 * nothing: a press by someone without the role is refused by the workflow, and its FORBIDDEN message is shown to
 * them alone (an ephemeral message, or in the modal).
 */

export interface SlackInteractionDeps {
  workflow: WorkflowApi;
  schools: ReadonlyMap<string, School>;
  client: webApi.WebClient;
  render: (schoolId: string) => RenderOptions;
  /** Suggested replies (issue #7), used to pre-fill Write reply when the school has them. */
  suggestReply?: (caseId: string, caller: StaffCaller) => Promise<string | undefined>;
  log?: LogSink & { info?(obj: object, msg: string): void };
}

interface Presser {
  school: School;
  member: StaffMember;
  caller: StaffCaller;
}

type Done = { headline: string };

/** What each modal's submit does, as the workflow call and the words for the message afterwards. */
const SUBMITS: Record<ViewId, { purpose: AlertPurpose; run: (w: WorkflowApi, m: ModalMetadata, who: StaffCaller, values: ViewValues) => Promise<unknown>; done: (name: string) => string }> = {
  [VIEW.notBreach]: {
    purpose: 'review',
    run: (w, m, who, values) => w.decideReview(m.c, who, decisionInput(VIEW.notBreach, values), { expectedVersion: m.v }),
    done: (n) => `${n} decided: not a breach.`,
  },
  [VIEW.breach]: {
    purpose: 'review',
    run: (w, m, who, values) => w.decideReview(m.c, who, decisionInput(VIEW.breach, values), { expectedVersion: m.v }),
    done: (n) => `${n} decided: breach.`,
  },
  [VIEW.escalate]: {
    purpose: 'review',
    run: (w, m, who, values) => w.escalateReview(m.c, who, reasonInputOf(values), { expectedVersion: m.v }),
    done: (n) => `${n} escalated this to the head teacher.`,
  },
  [VIEW.writeReply]: {
    purpose: 'enquiry',
    run: (w, m, who, values) => w.writeReply(m.c, who, replyInputOf(values), { expectedVersion: m.v }),
    done: (n) => `${n} sent a reply for approval.`,
  },
  [VIEW.editApprove]: {
    purpose: 'approval',
    run: (w, m, who, values) => w.approveReply(required(m.r), who, editedInputOf(values), { expectedVersion: m.v }),
    done: (n) => `${n} edited and approved the reply; it is being sent.`,
  },
  [VIEW.reject]: {
    purpose: 'approval',
    run: (w, m, who, values) => w.rejectReply(required(m.r), who, reasonInputOf(values), { expectedVersion: m.v }),
    done: (n) => `${n} did not approve the reply.`,
  },
};

function required(replyId: string | undefined): string {
  if (!replyId) throw new SchoolgateError('INPUT_INVALID', 'This form is not about a reply; open it again from the message.');
  return replyId;
}

const GENERIC_FAILURE = 'Schoolgate could not do this just now, and nothing was changed by this press. Try again, or use the console.';

export class SlackInteractions {
  constructor(private readonly deps: SlackInteractionDeps) {}

  /** Bolt's listeners: every button and form of ours. Each acknowledges Slack first (within its 3 s) except forms, whose answer is the result. */
  register(app: App): void {
    // The console link is a plain URL; Slack still reports the click, which must be acknowledged.
    app.action(ACTION.openConsole, async ({ ack }) => {
      await ack();
    });
    app.action(ACTION.acknowledge, async ({ ack, body, action }) => {
      await ack();
      await this.direct(body as BlockAction, action as ButtonAction, 'safeguarding', async (w, v, who) => {
        await w.acknowledgeSafeguarding(v.c, who, { expectedVersion: v.v });
        return { headline: `${this.nameOf(who)} acknowledged this concern.` };
      });
    });
    app.action(ACTION.approve, async ({ ack, body, action }) => {
      await ack();
      await this.direct(body as BlockAction, action as ButtonAction, 'approval', async (w, v, who) => {
        await w.approveReply(required(v.r), who, {}, { expectedVersion: v.v });
        return { headline: `${this.nameOf(who)} approved the reply; it is being sent.` };
      });
    });
    const opens: [string, AlertPurpose, (meta: ModalMetadata, c: CaseDetail, p: Presser) => Promise<types.ModalView>][] = [
      [ACTION.notBreach, 'review', async (m, c, p) => notBreachModal(m, c, p.school)],
      [ACTION.breach, 'review', async (m, c, p) => breachModal(m, c, p.school)],
      [ACTION.escalate, 'review', async (m, c) => escalateModal(m, c)],
      [ACTION.writeReply, 'enquiry', async (m, c, p) => writeReplyModal(m, c, await this.suggestion(c.id, p.caller))],
      [ACTION.editApprove, 'approval', async (m, c) => editApproveModal(m, this.replyOf(c, m.r))],
      [ACTION.reject, 'approval', async (m, c) => rejectModal(m, this.replyOf(c, m.r))],
    ];
    for (const [id, purpose, build] of opens) {
      app.action(id, async ({ ack, body, action }) => {
        await ack();
        await this.openForm(body as BlockAction, action as ButtonAction, purpose, build);
      });
    }
    for (const id of Object.values(VIEW)) {
      app.view(id, async ({ ack, body, view }) => {
        await this.submit(id, body as ViewSubmitAction, view, ack as (r?: types.ModalView | object) => Promise<void>);
      });
    }
  }

  /** A button that acts at once (Acknowledge, Approve): the workflow call, then the message redrawn. */
  private async direct(
    body: BlockAction,
    action: ButtonAction,
    purpose: AlertPurpose,
    act: (w: WorkflowApi, v: ButtonValue, who: StaffCaller) => Promise<Done>,
  ): Promise<void> {
    const where = messageOf(body);
    const value = parseValue(action.value);
    if (!value) return this.ephemeral(where, body.user.id, 'Not done: this button is not one of Schoolgate’s current buttons.');
    const presser = this.presser(value, body.user.id);
    if (!presser.ok) return this.ephemeral(where, body.user.id, presser.message);
    try {
      const done = await act(this.deps.workflow, value, presser.value.caller);
      this.log(action.action_id, value, presser.value, 'done');
      await this.redraw(where, presser.value, value, purpose, done.headline);
    } catch (e) {
      await this.refused(e, where, body.user.id, presser.value, value, purpose, action.action_id);
    }
  }

  /** A button that needs a few words first: check the person may see the case, then open its form. */
  private async openForm(
    body: BlockAction,
    action: ButtonAction,
    purpose: AlertPurpose,
    build: (meta: ModalMetadata, c: CaseDetail, p: Presser) => Promise<types.ModalView>,
  ): Promise<void> {
    const where = messageOf(body);
    const value = parseValue(action.value);
    if (!value) return this.ephemeral(where, body.user.id, 'Not done: this button is not one of Schoolgate’s current buttons.');
    const presser = this.presser(value, body.user.id);
    if (!presser.ok) return this.ephemeral(where, body.user.id, presser.message);
    try {
      const detail = await this.deps.workflow.getCase(value.c, presser.value.caller);
      const current = value.r ? detail.replies.find((r) => r.id === value.r)?.version : detail.version;
      if (current !== value.v)
        throw new SchoolgateError('CONFLICT', 'This message is out of date: the case has changed since it was posted.');
      if (!where) throw new SchoolgateError('INPUT_INVALID', 'This button is not on a message Schoolgate can update.');
      const view = await build({ ...value, ch: where.channel, ts: where.ts }, detail, presser.value);
      await this.deps.client.views.open({ trigger_id: body.trigger_id, view });
    } catch (e) {
      await this.refused(e, where, body.user.id, presser.value, value, purpose, action.action_id);
    }
  }

  /** A form submitted: its answer to Slack is the outcome (close, field errors, or the refusal in its place). */
  private async submit(id: ViewId, body: ViewSubmitAction, view: ViewSubmitAction['view'], ack: (r?: object) => Promise<void>): Promise<void> {
    const spec = SUBMITS[id];
    const meta = parseMeta(view.private_metadata);
    if (!meta) return ack({ response_action: 'update', view: refusalModal('Not done: this form is out of date. Open it again from the message.') });
    const where: SlackMessageRef = { channel: meta.ch, ts: meta.ts };
    const presser = this.presser(meta, body.user.id);
    if (!presser.ok) {
      await ack({ response_action: 'update', view: refusalModal(presser.message) });
      return this.ephemeral(where, body.user.id, presser.message);
    }
    try {
      await spec.run(this.deps.workflow, meta, presser.value.caller, view.state.values as ViewValues);
    } catch (e) {
      if (isSchoolgateError(e, 'INPUT_INVALID')) {
        const problems = Array.isArray(e.details) ? (e.details as { path: string; message: string }[]) : [];
        return ack({ response_action: 'errors', errors: errorsFor(view as { blocks: { type: string; block_id?: string }[] }, problems, e.message) });
      }
      await ack({ response_action: 'update', view: refusalModal(refusalText(e)) });
      return this.refused(e, where, body.user.id, presser.value, meta, spec.purpose, id);
    }
    await ack();
    this.log(id, meta, presser.value, 'done');
    await this.redraw(where, presser.value, meta, spec.purpose, spec.done(presser.value.member.name));
  }

  /** The workflow said no (or failed): tell the presser alone; a stale message is redrawn so it shows the case as it is. */
  private async refused(e: unknown, where: SlackMessageRef | null, user: string, p: Presser, v: ButtonValue, purpose: AlertPurpose, what: string): Promise<void> {
    const code = isSchoolgateError(e) ? e.code : 'INTERNAL';
    this.log(what, v, p, code);
    if (!isSchoolgateError(e)) this.deps.log?.error({ component: 'slack', action: what, caseId: v.c, err: (e as Error)?.message?.slice(0, 200) }, 'a Slack action failed');
    await this.ephemeral(where, user, refusalText(e));
    if (code === 'CONFLICT' || code === 'ILLEGAL_TRANSITION') await this.redraw(where, p, v, purpose);
  }

  /** Who pressed: their Slack user id must be a member of staff of the case's school, and the school must use Slack. */
  private presser(v: ButtonValue, slackUserId: string): { ok: true; value: Presser } | { ok: false; message: string } {
    const school = this.deps.schools.get(v.s);
    if (!school) return { ok: false, message: `Not done: this message is about a school this Schoolgate does not serve (“${v.s}”).` };
    if (!school.file.alerts.slack) return { ok: false, message: `Not done: ${school.name} does not use Slack for Schoolgate (alerts.slack is off in its school file). Use the console.` };
    const member = [...school.staffById.values()].find((s) => s.contact.slack_user_id === slackUserId);
    if (!member)
      return {
        ok: false,
        message: `Not done: your Slack account (${slackUserId}) is not linked to a member of staff at ${school.name}. Ask whoever keeps the school file to add it as contact.slack_user_id on your entry.`,
      };
    return { ok: true, value: { school, member, caller: { kind: 'staff', staffId: member.id, schoolId: school.id, via: 'slack' } } };
  }

  /** Replace the message with the case as it is now, as the presser sees it. */
  private async redraw(where: SlackMessageRef | null, p: Presser, v: ButtonValue, purpose: AlertPurpose, headline?: string): Promise<void> {
    if (!where) return;
    try {
      const detail = await this.deps.workflow.getCase(v.c, p.caller);
            const alert = await caseAlert(this.deps.workflow, p.caller, detail, { purpose, reason: 'updated', recipient: alertRecipient(p.member), replyId: v.r, headline });
      const message = alertMessage(alert, this.deps.render(p.school.id));
      await this.deps.client.chat.update({ channel: where.channel, ts: where.ts, text: message.text, blocks: message.blocks });
    } catch (e) {
      // The action itself is done; a message that could not be redrawn is replaced at the next alert.
      const why = isSchoolgateError(e) ? e : fromSlackError(e, 'update the message');
      this.deps.log?.warn({ component: 'slack', caseId: v.c, code: why.code }, `the Slack message was not redrawn: ${why.message}`);
    }
  }

  private async ephemeral(where: SlackMessageRef | null, user: string, text: string): Promise<void> {
    if (!where) return;
    try {
      await this.deps.client.chat.postEphemeral({ channel: where.channel, user, text });
    } catch (e) {
      this.deps.log?.warn({ component: 'slack', code: fromSlackError(e, 'answer').code }, 'a refusal could not be shown in Slack');
    }
  }

  private async suggestion(caseId: string, caller: StaffCaller): Promise<string | undefined> {
    try {
      return await this.deps.suggestReply?.(caseId, caller);
    } catch {
      return undefined; // a suggestion is a convenience: the form opens empty without it
    }
  }

  private replyOf(c: CaseDetail, replyId: string | undefined) {
    const reply = c.replies.find((r) => r.id === replyId);
    if (!reply) throw new SchoolgateError('NOT_FOUND', 'That reply is no longer on this case.');
    return reply;
  }

  private nameOf(who: StaffCaller): string {
    return this.deps.schools.get(who.schoolId ?? '')?.staffById.get(who.staffId)?.name ?? who.staffId;
  }

  private log(action: string, v: ButtonValue, p: Presser, outcome: string) {
    // Ids only: never the words of a message, a reply or a reason.
    this.deps.log?.info?.({ component: 'slack', action, schoolId: p.school.id, caseId: v.c, staffId: p.member.id, outcome }, 'slack action');
  }
}

function refusalText(e: unknown): string {
  if (!isSchoolgateError(e)) return `Not done: ${GENERIC_FAILURE}`;
  switch (e.code) {
    case 'FORBIDDEN':
    case 'INPUT_INVALID':
    case 'NOT_FOUND':
      return `Not done: ${e.message}`;
    case 'CONFLICT':
    case 'ILLEGAL_TRANSITION':
      return `Not done: this case has moved on since the message was posted (${e.message}) The message now shows where it stands.`;
    default:
      return `Not done: ${GENERIC_FAILURE}`;
  }
}

function messageOf(body: BlockAction): SlackMessageRef | null {
  const container = body.container as { channel_id?: string; message_ts?: string } | undefined;
  const channel = container?.channel_id ?? body.channel?.id;
  const ts = container?.message_ts ?? body.message?.ts;
  return channel && ts ? { channel, ts } : null;
}

function parseValue(raw: string | undefined): ButtonValue | null {
  try {
    const parsed = ButtonValue.safeParse(JSON.parse(raw ?? ''));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function parseMeta(raw: string | undefined): ModalMetadata | null {
  try {
    const parsed = ModalMetadata.safeParse(JSON.parse(raw ?? ''));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
