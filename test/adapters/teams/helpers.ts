import { createHash, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import nock from 'nock';
import { parse as parseYaml } from 'yaml';
import { parseSchool, type School } from '../../../src/config/load-school';

// biome-ignore lint/suspicious/noExplicitAny: the Bot Framework's JSON as the tests read it
export type Json = any;

export const APP_ID = '7f1c2a9e-3b4d-4e5f-8a6b-1c2d3e4f5a6b';
export const APP_PASSWORD = 'bot-client-secret-value-0123456789';
export const TENANT = '4b8e2c1d-6f7a-4d3e-9b2c-8a7f6e5d4c3b';
export const OTHER_TENANT = '0a0a0a0a-1b1b-4c2c-8d3d-4e4e4e4e4e4e';
export const SERVICE_URL = 'https://smba.trafficmanager.net/teams/';
export const BOT_ID = `28:${APP_ID}`;
export const BOT_TOKEN = 'eyJ0eXAiOiJKV1QiLCJhbGciOiJub25lIn0.bot-access-token-from-entra.';

/** Teams users of Rossmore: their Teams id (29:..., as the example school file lists staff) and Entra object id. */
export const USERS = {
  harrison: { id: '29:harrison', aadObjectId: 'a1a1a1a1-0000-4000-8000-000000000001', name: 'Mrs Harrison' },
  macey: { id: '29:macey', aadObjectId: 'a1a1a1a1-0000-4000-8000-000000000002', name: 'Miss Macey' },
  okafor: { id: '29:okafor', aadObjectId: 'a1a1a1a1-0000-4000-8000-000000000003', name: 'Mr Okafor' },
  // Listed in the test school file by her Entra object id, not her Teams id.
  karen: { id: '29:karen-teams', aadObjectId: 'a1a1a1a1-0000-4000-8000-000000000004', name: 'Karen Wright' },
  hughes: { id: '29:hughes', aadObjectId: 'a1a1a1a1-0000-4000-8000-000000000008', name: 'Mr Hughes' },
  whitfield: { id: '29:parent-whitfield', aadObjectId: 'b2b2b2b2-0000-4000-8000-000000000001', name: 'Sarah Whitfield' },
  stranger: { id: '29:someone-else', aadObjectId: 'c3c3c3c3-0000-4000-8000-000000000001', name: 'Someone Else' },
} as const;
export type TeamsUserName = keyof typeof USERS;

/** The example school file with Teams alerts on; Karen is listed by her Entra object id. */
export function teamsSchoolDoc(): Json {
  const doc = parseYaml(readFileSync(join(import.meta.dirname, '../../../config/school.example.yaml'), 'utf8'));
  doc.alerts = { ...doc.alerts, teams: true };
  for (const s of doc.staff) if (s.id === 'karen') s.contact = { ...s.contact, teams_user_id: USERS.karen.aadObjectId };
  return doc;
}

export function teamsSchool(doc: Json = teamsSchoolDoc()): School {
  const parsed = parseSchool(doc);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
  return parsed.value;
}

const b64url = (b: Buffer | string) => Buffer.from(b).toString('base64url');

/** An RSA signing key the way the Bot Framework publishes its keys: a JWK with a kid and the channels it endorses. */
export class SigningKey {
  readonly kid: string;
  private readonly privateKey: KeyObject;
  readonly jwk: Json;
  constructor(endorsements: string[] = ['msteams']) {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.privateKey = privateKey;
    const pub = publicKey.export({ format: 'jwk' }) as Json;
    this.kid = createHash('sha256').update(pub.n).digest('base64url').slice(0, 27);
    this.jwk = { kty: 'RSA', use: 'sig', kid: this.kid, n: pub.n, e: pub.e, endorsements };
  }

  /** A JWT signed RS256 with this key. */
  sign(claims: Json, header: Json = {}): string {
    const head = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: this.kid, x5t: this.kid, ...header }));
    const body = b64url(JSON.stringify(claims));
    const signature = sign('RSA-SHA256', Buffer.from(`${head}.${body}`), this.privateKey);
    return `${head}.${body}.${b64url(signature)}`;
  }

  /** The token the Bot Framework's channel service sends with each activity for our bot. */
  channelToken(o: { aud?: string; iss?: string; serviceUrl?: string; expiresIn?: number } = {}): string {
    const now = Math.floor(Date.now() / 1000);
    return this.sign({
      serviceurl: o.serviceUrl ?? SERVICE_URL,
      nbf: now - 60,
      exp: now + (o.expiresIn ?? 3600),
      iss: o.iss ?? 'https://api.botframework.com',
      aud: o.aud ?? APP_ID,
    });
  }
}

export interface ConnectorCall {
  method: string;
  path: string;
  body: Json;
  authorization: string | null;
  /** The activity id the connector answered with (a new message), or the id replaced (PUT). */
  responseId?: string;
}

/**
 * The Bot Framework at HTTP, through nock: the OpenID metadata and keys botbuilder verifies tokens with
 * (login.botframework.com), the Entra token endpoint the bot gets its own token from (login.microsoftonline.com,
 * single tenant), and the Teams connector (smba.trafficmanager.net) recording every call as the SDK sent it.
 */
export class BotFramework {
  readonly key = new SigningKey();
  readonly calls: ConnectorCall[] = [];
  readonly tokenRequests: Record<string, string>[] = [];
  private next = 1000;
  private readonly scopes: nock.Scope[] = [];
  /** Answer the next connector calls with this status (e.g. 403 when the bot was blocked). */
  failNext: number[] = [];

  constructor(o: { keysAlso?: Json[] } = {}) {
    this.scopes.push(
      nock('https://login.botframework.com')
        .persist()
        .get('/v1/.well-known/openidconfiguration')
        .reply(200, {
          issuer: 'https://api.botframework.com',
          authorization_endpoint: 'https://invalid.botframework.com',
          jwks_uri: 'https://login.botframework.com/v1/.well-known/keys',
          id_token_signing_alg_values_supported: ['RS256'],
          token_endpoint_auth_methods_supported: ['private_key_jwt'],
        })
        .get('/v1/.well-known/keys')
        .reply(200, () => ({ keys: [this.key.jwk, ...(o.keysAlso ?? [])] })),
      nock('https://login.microsoftonline.com')
        .persist()
        .post(`/${TENANT}/oauth2/v2.0/token`)
        .query(true)
        .reply(async (req: Json) => {
          this.tokenRequests.push(Object.fromEntries(new URLSearchParams(await req.text())));
          return [200, { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: BOT_TOKEN }];
        }),
      nock('https://smba.trafficmanager.net')
        .persist()
        .post(/^\/teams\/v3\/conversations\/[^/]+\/activities(\/[^/]+)?$/)
        .reply(async (req: Json) => this.answer('POST', req))
        .put(/^\/teams\/v3\/conversations\/[^/]+\/activities\/[^/]+$/)
        .reply(async (req: Json) => this.answer('PUT', req)),
    );
  }

  private async answer(method: string, req: Json): Promise<[number, Json]> {
    const path = decodeURIComponent(new URL(req.url).pathname);
    const text = await req.text();
    const call: ConnectorCall = { method, path, body: text ? JSON.parse(text) : null, authorization: req.headers.get('authorization') };
    this.calls.push(call);
    const fail = this.failNext.shift();
    if (fail) return [fail, { error: { code: 'Forbidden', message: 'The bot is not part of the conversation roster.' } }];
    call.responseId = method === 'PUT' ? path.split('/').pop() : `1:${++this.next}`;
    return [method === 'PUT' ? 200 : 201, { id: call.responseId }];
  }

  to(conversationId: string): ConnectorCall[] {
    return this.calls.filter((c) => c.path.includes(`/v3/conversations/${conversationId}/`));
  }

  close() {
    for (const s of this.scopes) s.persist(false);
    nock.cleanAll();
  }
}

export async function until<T>(f: () => Promise<T | undefined | null | false> | T | undefined | null | false, what: string, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** The personal chat of a Teams user with our bot. */
export const chatOf = (user: TeamsUserName) => `a:1personal-${user}`;

let seq = 0;
function base(user: TeamsUserName, o: { tenant?: string; channelId?: string; conversationType?: string } = {}): Json {
  const u = USERS[user];
  const tenant = o.tenant ?? TENANT;
  return {
    id: `f:${Date.now()}${++seq}`,
    timestamp: new Date().toISOString(),
    localTimestamp: new Date().toISOString(),
    serviceUrl: SERVICE_URL,
    channelId: o.channelId ?? 'msteams',
    from: { id: u.id, name: u.name, aadObjectId: u.aadObjectId },
    conversation: { conversationType: o.conversationType ?? 'personal', tenantId: tenant, id: o.conversationType === 'groupChat' ? '19:group@thread.v2' : chatOf(user) },
    recipient: { id: BOT_ID, name: 'Schoolgate' },
    entities: [{ locale: 'en-GB', country: 'GB', platform: 'Web', timezone: 'Europe/London', type: 'clientInfo' }],
    channelData: { tenant: { id: tenant } },
    locale: 'en-GB',
  };
}

/** A message a user typed in their chat with the bot, as Teams sends it. */
export function messageActivity(user: TeamsUserName, text: string, o: { id?: string; tenant?: string; channelId?: string; conversationType?: string } = {}): Json {
  const a = base(user, o);
  return { ...a, type: 'message', textFormat: 'plain', text, id: o.id ?? a.id, attachments: [] };
}

/** The bot installed in a user's personal scope: conversationUpdate with the bot among membersAdded. */
export function installActivity(user: TeamsUserName, o: { tenant?: string } = {}): Json {
  return { ...base(user, o), type: 'conversationUpdate', membersAdded: [{ id: BOT_ID }] };
}

export function installationUpdate(user: TeamsUserName, action: 'add' | 'remove'): Json {
  return { ...base(user), type: 'installationUpdate', action };
}

/** An Action.Execute press, as Teams sends it: the button's verb and data merged with the card's inputs. */
export function invokeActivity(user: TeamsUserName, verb: string, data: Json, o: { tenant?: string } = {}): Json {
  return {
    ...base(user, o),
    type: 'invoke',
    name: 'adaptiveCard/action',
    value: { action: { type: 'Action.Execute', id: 'x', verb, data }, trigger: 'manual' },
  };
}

/** POST an activity to the bot with a Bearer token (signed by the Bot Framework's key unless told otherwise). */
export async function postActivity(baseUrl: string, activity: Json, token: string | null): Promise<{ status: number; body: Json; text: string }> {
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
  if (token !== null) headers.authorization = `Bearer ${token}`;
  const res = await fetch(`${baseUrl}/api/messages`, { method: 'POST', headers, body: JSON.stringify(activity) });
  const text = await res.text();
  let body: Json = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  return { status: res.status, body, text };
}

/** Every Action.Execute on a card (in its actions and inside ShowCards), by verb. */
export function executeActions(card: Json): { verb: string; data: Json; title: string }[] {
  const out: { verb: string; data: Json; title: string }[] = [];
  const walk = (node: Json) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    if (node.type === 'Action.Execute') out.push({ verb: node.verb, data: node.data, title: node.title });
    for (const v of Object.values(node)) walk(v);
  };
  walk(card);
  return out;
}

/** All text a card shows (TextBlocks, TextRuns, facts), joined: for asserting what a person reads. */
export function cardText(card: Json): string {
  const out: string[] = [];
  const walk = (node: Json) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    if ((node.type === 'TextBlock' || node.type === 'TextRun') && typeof node.text === 'string') out.push(node.text);
    if (node.type === 'FactSet') for (const f of node.facts) out.push(`${f.title}: ${f.value}`);
    for (const [k, v] of Object.entries(node)) if (k !== 'data') walk(v);
  };
  walk(card);
  return out.join('\n').replaceAll('\\', '');
}
