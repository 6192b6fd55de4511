import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import nock from 'nock';
import { parse as parseYaml } from 'yaml';
import { parseSchool, type School } from '../../../src/config/load-school';

// biome-ignore lint/suspicious/noExplicitAny: Slack's JSON as the tests read it
type Json = any;

export const BOT_TOKEN = 'xoxb-1111-2222-schoolgatetest';
export const SIGNING_SECRET = 'e3b0c44298fc1c149afbf4c8996fb924';
export const APP_TOKEN = 'xapp-1-A111-2222-sockettest';
export const TEAM = 'T0ROSSMORE';

/** Slack member ids for Rossmore's staff (Miss Doyle has none: Slack cannot reach her). */
export const SLACK_IDS: Record<string, string> = {
  harrison: 'U0HARRISON',
  macey: 'U0MACEY',
  okafor: 'U0OKAFOR',
  karen: 'U0KAREN',
  green: 'U0GREEN',
  shaw: 'U0SHAW',
  begum: 'U0BEGUM',
  hughes: 'U0HUGHES',
};

/** The example school file with Slack alerts on and each member of staff's Slack member id. */
export function slackSchoolDoc(): Json {
  const doc = parseYaml(readFileSync(join(import.meta.dirname, '../../../config/school.example.yaml'), 'utf8'));
  doc.alerts = { ...doc.alerts, slack: true };
  for (const s of doc.staff) if (SLACK_IDS[s.id]) s.contact = { ...s.contact, slack_user_id: SLACK_IDS[s.id] };
  return doc;
}

export function slackSchool(doc: Json = slackSchoolDoc()): School {
  const parsed = parseSchool(doc);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
  return parsed.value;
}

export interface SlackCall {
  method: string;
  /** The form fields, with JSON-valued ones (blocks, view) parsed. */
  body: Json;
  authorization: string | null;
  /** What Slack (nock) answered. */
  response: Json;
}

/**
 * Slack's Web API at HTTP, through nock: every call recorded as the SDK sent it, answered as Slack answers.
 * conversations.open gives `D<user id>`; each chat.postMessage gets the next ts.
 */
export class SlackApi {
  readonly calls: SlackCall[] = [];
  private ts = 1_700_000_000;
  private scope: nock.Scope;
  /** Methods to fail with this Slack error code (ok: false). */
  readonly failWith = new Map<string, string>();
  /** Methods to answer with this body instead (apps.connections.open's WebSocket URL). */
  readonly answers = new Map<string, Json>();
  /** Methods to answer once with an HTTP status of their own (429 with retry-after). */
  readonly statusOnce = new Map<string, [number, Json, Record<string, string>]>();

  constructor() {
    this.scope = nock('https://slack.com')
      .persist()
      .post(/^\/api\/[a-zA-Z.]+$/)
      .reply(async (req: Json) => {
        const method = new URL(req.url).pathname.replace('/api/', '');
        const form = Object.fromEntries(new URLSearchParams(await req.text()));
        const body: Json = { ...form };
        for (const k of ['blocks', 'view']) if (typeof body[k] === 'string') body[k] = JSON.parse(body[k]);
        const special = this.statusOnce.get(method);
        if (special) {
          this.statusOnce.delete(method);
          this.calls.push({ method, body, authorization: req.headers.get('authorization'), response: special[1] });
          return special;
        }
        const failure = this.failWith.get(method);
        const response = failure ? { ok: false, error: failure } : (this.answers.get(method) ?? this.answer(method, body));
        this.calls.push({ method, body, authorization: req.headers.get('authorization'), response });
        return [200, response];
      });
  }

  private answer(method: string, body: Json): Json {
    switch (method) {
      case 'conversations.open':
        return { ok: true, channel: { id: `D${String(body.users).slice(1)}` } };
      case 'chat.postMessage':
        return { ok: true, channel: body.channel, ts: `${++this.ts}.000100`, message: {} };
      case 'chat.update':
        return { ok: true, channel: body.channel, ts: body.ts };
      case 'chat.postEphemeral':
        return { ok: true, message_ts: `${this.ts}.000200` };
      case 'views.open':
        return { ok: true, view: { id: 'V0MODAL' } };
      case 'apps.connections.open':
        return { ok: false, error: 'not_mocked_here' };
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  of(method: string): SlackCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Wait until a call matching `pred` has been made (the server acks Slack first and acts after). */
  async waitFor(method: string, pred: (c: SlackCall) => boolean = () => true, what = method): Promise<SlackCall> {
    return until(async () => this.calls.find((c) => c.method === method && pred(c)), what);
  }

  close() {
    this.scope.persist(false);
    nock.cleanAll();
  }
}

export async function until<T>(f: () => Promise<T | undefined | null | false>, what: string, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Headers Slack signs a request with: v0=HMAC-SHA256(secret, "v0:<timestamp>:<raw body>"). */
export function slackSignature(secret: string, body: string, timestamp = Math.floor(Date.now() / 1000)) {
  const sig = `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  return { 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': sig };
}

/** POST a Slack interactivity payload (form-encoded `payload=`), signed unless told otherwise. */
export function postInteraction(
  base: string,
  payload: Json,
  o: { secret?: string; timestamp?: number; signature?: string; path?: string } = {},
): Promise<Response> {
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', ...slackSignature(o.secret ?? SIGNING_SECRET, body, o.timestamp) };
  if (o.signature !== undefined) headers['x-slack-signature'] = o.signature;
  return fetch(base + (o.path ?? '/webhooks/slack/events'), { method: 'POST', headers, body });
}

let trigger = 0;

/** A button press on one of our messages, as Slack sends it. */
export function blockAction(o: { user: string; actionId: string; value: string; channel: string; ts: string }): Json {
  return {
    type: 'block_actions',
    user: { id: o.user, username: o.user.toLowerCase(), name: o.user.toLowerCase(), team_id: TEAM },
    api_app_id: 'A0SCHOOLGATE',
    token: 'legacy-verification-token-unused',
    container: { type: 'message', message_ts: o.ts, channel_id: o.channel, is_ephemeral: false },
    trigger_id: `${++trigger}.1111.abcdef`,
    team: { id: TEAM, domain: 'rossmore' },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: o.channel, name: 'directmessage' },
    message: { type: 'message', ts: o.ts, text: 'alert', user: 'U0SCHOOLGATEBOT', blocks: [] },
    response_url: 'https://hooks.slack.com/actions/T0ROSSMORE/1/unused',
    actions: [{ type: 'button', action_id: o.actionId, block_id: 'sg', value: o.value, action_ts: `${Date.now() / 1000}`, text: { type: 'plain_text', text: 'x' } }],
  };
}

/** The button with `actionId` in a message's blocks. */
export function buttonIn(blocks: Json[], actionId: string): Json | undefined {
  for (const b of blocks) if (b.type === 'actions') for (const e of b.elements) if (e.action_id === actionId) return e;
  return undefined;
}

/**
 * A modal submitted, as Slack sends it: the view we opened (from views.open) with the person's answers in its state.
 * `answers` maps block id → the element's value (string, string[] for multi-selects and checkboxes, or a number
 * for a datetimepicker's unix time).
 */
export function viewSubmission(o: { user: string; view: Json; answers: Record<string, string | string[] | number | undefined> }): Json {
  const values: Json = {};
  for (const b of o.view.blocks as Json[]) {
    if (b.type !== 'input') continue;
    const el = b.element;
    const a = o.answers[b.block_id];
    let state: Json;
    switch (el.type) {
      case 'plain_text_input':
        state = { type: el.type, value: typeof a === 'string' ? a : null };
        break;
      case 'checkboxes':
      case 'multi_static_select':
        state = { type: el.type, selected_options: ((a as string[] | undefined) ?? []).map((v) => ({ value: v, text: { type: 'plain_text', text: v } })) };
        break;
      case 'static_select':
        state = { type: el.type, selected_option: typeof a === 'string' ? { value: a, text: { type: 'plain_text', text: a } } : null };
        break;
      case 'datepicker':
        state = { type: el.type, selected_date: typeof a === 'string' ? a : null };
        break;
      case 'datetimepicker':
        state = { type: el.type, selected_date_time: typeof a === 'number' ? a : null };
        break;
      default:
        throw new Error(`no answer shape for ${el.type}`);
    }
    values[b.block_id] = { [el.action_id]: state };
  }
  return {
    type: 'view_submission',
    team: { id: TEAM, domain: 'rossmore' },
    user: { id: o.user, username: o.user.toLowerCase(), name: o.user.toLowerCase(), team_id: TEAM },
    api_app_id: 'A0SCHOOLGATE',
    token: 'legacy-verification-token-unused',
    trigger_id: `${++trigger}.2222.abcdef`,
    view: { ...o.view, id: 'V0MODAL', team_id: TEAM, state: { values }, hash: '1.abc', app_id: 'A0SCHOOLGATE', bot_id: 'B0SCHOOLGATE' },
    response_urls: [],
    is_enterprise_install: false,
    enterprise: null,
  };
}
