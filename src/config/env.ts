import { resolve } from 'node:path';
import { z } from 'zod';
import { err, ok, type Result, SchoolgateError } from '../errors';
import { formatPath } from './load-school';

/**
 * Every environment variable Schoolgate reads, parsed once at start. Only this module reads
 * process.env; everything else receives the frozen `Env`. Empty strings count as unset, so a
 * copied `.env.example` with blank values behaves like no value.
 */
const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const opt = <T extends z.ZodType>(t: T) => z.preprocess(blankToUndefined, t.optional());

export const EnvSchema = z.object({
  NODE_ENV: opt(z.enum(['development', 'production', 'test'])),
  PORT: z.preprocess(blankToUndefined, z.coerce.number().int().min(0).max(65535).default(3000)),
  HOST: z.preprocess(blankToUndefined, z.string().default('0.0.0.0')),
  PUBLIC_URL: opt(z.url({ message: 'PUBLIC_URL must be the https URL Twilio and Teams reach this server at, such as https://schoolgate.rossmore.example' })),
  DATABASE_URL: opt(
    z.string().regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a PostgreSQL URL such as postgres://user@127.0.0.1:5432/schoolgate'),
  ),
  SCHOOLGATE_DATA_DIR: z.preprocess(blankToUndefined, z.string().default('./data')),
  SCHOOLGATE_SCHOOL_FILE: z.preprocess(blankToUndefined, z.string().default('config/school.example.yaml')),
  SCHOOLGATE_API_TOKEN: opt(z.string().min(8, 'SCHOOLGATE_API_TOKEN must be at least 8 characters; use a long random secret such as `openssl rand -hex 24`')),
  SCHOOLGATE_API_RATE_LIMIT: z.preprocess(
    blankToUndefined,
    z.coerce.number({ error: 'SCHOOLGATE_API_RATE_LIMIT must be a number of requests per minute (0 turns it off)' }).int().min(0).default(600),
  ),
  SCHOOLGATE_WEBHOOK_RATE_LIMIT: z.preprocess(
    blankToUndefined,
    z.coerce.number({ error: 'SCHOOLGATE_WEBHOOK_RATE_LIMIT must be a number of requests per minute per IP (0 turns it off)' }).int().min(0).default(300_000),
  ),
  // Behind a reverse proxy: the proxy's addresses (comma-separated IPs/CIDRs, e.g. 127.0.0.1,10.0.0.0/8) or true.
  // Fastify ignores hop counts (they let a direct caller spoof X-Forwarded-For), so none are accepted here.
  SCHOOLGATE_TRUST_PROXY: z.preprocess(
    blankToUndefined,
    z
      .string()
      .default('false')
      .refine((v) => !/^\d+$/.test(v), 'SCHOOLGATE_TRUST_PROXY takes the proxy addresses (such as 127.0.0.1) or true, not a hop count')
      .transform((v): boolean | string => (v === 'true' ? true : v === 'false' ? false : v)),
  ),
  SCHOOLGATE_LOG_LEVEL: z.preprocess(blankToUndefined, z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info')),
  TWILIO_ACCOUNT_SID: opt(z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'TWILIO_ACCOUNT_SID starts with AC followed by 32 hex characters (Twilio Console, Account Info)')),
  TWILIO_AUTH_TOKEN: opt(z.string().min(8, 'TWILIO_AUTH_TOKEN looks too short: copy it from the Twilio Console, Account Info')),
  TWILIO_PHONE_NUMBER: opt(z.string().regex(/^\+[1-9]\d{6,14}$/, 'TWILIO_PHONE_NUMBER must be in E.164 form, such as +447700900001')),
  // Issue #7, optional model triage and reply drafts. OPENAI_BASE_URL is the variable the openai SDK reads, so any
  // OpenAI-compatible server works; Azure OpenAI uses the AZURE_ variables instead (the SDK's names too).
  OPENAI_API_KEY: opt(z.string().min(1)),
  OPENAI_BASE_URL: opt(z.url({ message: 'OPENAI_BASE_URL must be the API root of an OpenAI-compatible server, such as http://127.0.0.1:11434/v1' })),
  OPENAI_MODEL: z.preprocess(blankToUndefined, z.string().min(1).default('gpt-4o-mini')),
  OPENAI_TIMEOUT_MS: z.preprocess(
    blankToUndefined,
    z.coerce.number({ error: 'OPENAI_TIMEOUT_MS must be a number of milliseconds, such as 15000' }).int().min(100).max(120_000).default(15_000),
  ),
  OPENAI_MAX_RETRIES: z.preprocess(
    blankToUndefined,
    z.coerce.number({ error: 'OPENAI_MAX_RETRIES must be a whole number from 0 to 5' }).int().min(0).max(5).default(1),
  ),
  AZURE_OPENAI_ENDPOINT: opt(z.url({ message: 'AZURE_OPENAI_ENDPOINT must be your resource URL, such as https://rossmore.openai.azure.com' })),
  AZURE_OPENAI_API_KEY: opt(z.string().min(1)),
  AZURE_OPENAI_DEPLOYMENT: opt(z.string().min(1)),
  OPENAI_API_VERSION: z.preprocess(blankToUndefined, z.string().min(1).default('2024-10-21')),
  // Issue #6, the staff console. The session secret signs the short-lived Microsoft sign-in cookie (random per
  // process when unset); console sessions themselves are random tokens kept (hashed) in the database.
  SCHOOLGATE_SESSION_SECRET: opt(z.string().min(32, 'SCHOOLGATE_SESSION_SECRET must be at least 32 characters: `openssl rand -hex 32` makes one')),
  SCHOOLGATE_SIMULATOR: z.preprocess(
    blankToUndefined,
    z
      .enum(['on', 'off', 'true', 'false', '1', '0'], { message: 'SCHOOLGATE_SIMULATOR is on or off' })
      .default('off')
      .transform((v) => v === 'on' || v === 'true' || v === '1'),
  ),
  SCHOOLGATE_CONSOLE_REFRESH_SECONDS: z.preprocess(
    blankToUndefined,
    z.coerce.number({ error: 'SCHOOLGATE_CONSOLE_REFRESH_SECONDS must be a number of seconds from 1 to 300' }).int().min(1).max(300).default(15),
  ),
  // Sign-in with Microsoft Entra ID (OpenID Connect): Entra admin centre, App registrations.
  ENTRA_TENANT_ID: opt(z.string().regex(/^[0-9a-fA-F-]{36}$|^[a-z0-9.-]+\.[a-z]{2,}$/, 'ENTRA_TENANT_ID is the Directory (tenant) ID, a GUID, from the app registration\'s Overview page')),
  ENTRA_CLIENT_ID: opt(z.string().min(1)),
  ENTRA_CLIENT_SECRET: opt(z.string().min(1)),
  ENTRA_AUTHORITY: z.preprocess(blankToUndefined, z.url({ message: 'ENTRA_AUTHORITY must be a URL such as https://login.microsoftonline.com' }).default('https://login.microsoftonline.com')),
  // Slack staff alerts (adapters/slack): Slack app settings. The bot token posts the messages; the signing secret
  // verifies Slack's HTTP requests; the app-level token (connections:write) turns on Socket Mode, which needs no public URL.
  SLACK_BOT_TOKEN: opt(z.string().regex(/^xoxb-[A-Za-z0-9-]+$/, 'SLACK_BOT_TOKEN is the Bot User OAuth Token, starting xoxb- (Slack app settings, OAuth & Permissions)')),
  SLACK_SIGNING_SECRET: opt(z.string().regex(/^[0-9a-f]{32,}$/i, 'SLACK_SIGNING_SECRET is the Signing Secret, 32 hex characters (Slack app settings, Basic Information, App Credentials)')),
  SLACK_APP_TOKEN: opt(z.string().regex(/^xapp-[A-Za-z0-9-]+$/, 'SLACK_APP_TOKEN is an app-level token with the connections:write scope, starting xapp- (Slack app settings, Basic Information, App-Level Tokens)')),
  // Microsoft Teams (adapters/teams): the Azure Bot's app registration. Single tenant: new Azure Bots are created so,
  // and Schoolgate refuses activities from any other tenant.
  MICROSOFT_APP_ID: opt(z.string().regex(/^[0-9a-fA-F-]{36}$/, 'MICROSOFT_APP_ID is the Microsoft App ID, a GUID, from your Azure Bot\'s Configuration page')),
  MICROSOFT_APP_PASSWORD: opt(z.string().min(8, 'MICROSOFT_APP_PASSWORD is a client secret of the bot\'s app registration (Entra admin centre, App registrations, Certificates & secrets): copy its Value, not its ID')),
  MICROSOFT_APP_TENANT_ID: opt(z.string().regex(/^[0-9a-fA-F-]{36}$/, 'MICROSOFT_APP_TENANT_ID is the Directory (tenant) ID, a GUID, shown on your Azure Bot\'s Configuration page')),
  MICROSOFT_APP_TYPE: z.preprocess(blankToUndefined, z.enum(['SingleTenant'], { message: 'MICROSOFT_APP_TYPE must be SingleTenant: Azure creates new bots single tenant, and Schoolgate supports only that' }).default('SingleTenant')),
}).superRefine((e, ctx) => {
  // An Azure endpoint without its key or deployment would fail on the first message; say so at start instead.
  // Microsoft sign-in needs all three, and PUBLIC_URL for the redirect address registered on the app.
  const entra = ['ENTRA_TENANT_ID', 'ENTRA_CLIENT_ID', 'ENTRA_CLIENT_SECRET'] as const;
  if (entra.some((k) => e[k])) {
    for (const k of entra) if (!e[k]) ctx.addIssue({ code: 'custom', path: [k], message: `${k} is required for Microsoft sign-in (Entra admin centre, App registrations: tenant ID, client ID, and a client secret)` });
    if (!e.PUBLIC_URL) ctx.addIssue({ code: 'custom', path: ['PUBLIC_URL'], message: 'PUBLIC_URL is required for Microsoft sign-in: register PUBLIC_URL/auth/entra/callback as the app\'s Web redirect URI' });
  }
  const teams = ['MICROSOFT_APP_ID', 'MICROSOFT_APP_PASSWORD', 'MICROSOFT_APP_TENANT_ID'] as const;
  if (teams.some((k) => e[k]))
    for (const k of teams) if (!e[k]) ctx.addIssue({ code: 'custom', path: [k], message: `${k} is required for Microsoft Teams (all three of MICROSOFT_APP_ID, MICROSOFT_APP_PASSWORD and MICROSOFT_APP_TENANT_ID: see README, Microsoft Teams)` });
  if (e.SLACK_APP_TOKEN && !e.SLACK_BOT_TOKEN)
    ctx.addIssue({ code: 'custom', path: ['SLACK_BOT_TOKEN'], message: 'SLACK_BOT_TOKEN is required when SLACK_APP_TOKEN is set: Socket Mode receives button presses, the bot token posts and updates the messages (Slack app settings, OAuth & Permissions)' });
  if (e.AZURE_OPENAI_ENDPOINT)
    for (const k of ['AZURE_OPENAI_API_KEY', 'AZURE_OPENAI_DEPLOYMENT'] as const)
      if (!e[k]) ctx.addIssue({ code: 'custom', path: [k], message: `${k} is required when AZURE_OPENAI_ENDPOINT is set (Azure portal, your OpenAI resource, Keys and Endpoint / Deployments)` });
});
export type Env = Readonly<z.infer<typeof EnvSchema> & { dataDir: string; schoolFiles: string[] }>;

/** Parse the environment; every problem is reported at once. */
export function parseEnv(source: Record<string, string | undefined> = process.env): Result<Env, SchoolgateError> {
  const parsed = EnvSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  - ${formatPath(i.path)}: ${i.message}`);
    return err(new SchoolgateError('CONFIG_INVALID', `The environment has ${lines.length} problem(s):\n${lines.join('\n')}`));
  }
  const e = parsed.data;
  return ok(
    Object.freeze({
      ...e,
      dataDir: resolve(e.SCHOOLGATE_DATA_DIR),
      // Several schools (a trust) may share one deployment: comma-separated school files.
      schoolFiles: e.SCHOOLGATE_SCHOOL_FILE.split(',').map((f) => f.trim()).filter(Boolean),
    }),
  );
}
