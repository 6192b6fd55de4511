import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import { stringify } from 'yaml';
import { parseEnv } from '../../../src/config/env';
import { composeSchoolgate, type Schoolgate } from '../../../src/main/compose';
import { workflowPorts } from '../../../src/main/workflow';
import { createLogger } from '../../../src/server/logger';
import { APP_ID, APP_PASSWORD, type Json, TENANT, teamsSchoolDoc } from './helpers';

export const API_TOKEN = 'teams-api-token-0123456789abcdef';
export const TWILIO_SID = `AC${'c'.repeat(32)}`;
export const TWILIO_TOKEN = 'teams-twilio-token-0123456789ab';
export const SCHOOL_NUMBER = '+447700900001';
export const PUBLIC = 'https://gate.rossmore.example';

export interface Running {
  sg: Schoolgate;
  base: string;
  api(method: string, path: string, as?: string, body?: unknown): Promise<{ status: number; json: Json }>;
  close(): Promise<void>;
}

/**
 * `npm start`'s composition (embedded PGlite, the real workflow, pg-boss) with Teams configured, on a port. Only
 * third parties are nocked (by the caller); the network is otherwise closed except to this machine.
 */
export async function startSchoolgate(o: { teams?: boolean; doc?: Json; extraEnv?: Record<string, string> } = {}): Promise<Running> {
  const dir = mkdtempSync(join(tmpdir(), 'sg-teams-'));
  const schoolFile = join(dir, 'school.yaml');
  writeFileSync(schoolFile, stringify(o.doc ?? teamsSchoolDoc()));
  const env = parseEnv({
    SCHOOLGATE_DATA_DIR: join(dir, 'data'),
    SCHOOLGATE_SCHOOL_FILE: schoolFile,
    SCHOOLGATE_API_TOKEN: API_TOKEN,
    PUBLIC_URL: PUBLIC,
    TWILIO_ACCOUNT_SID: TWILIO_SID,
    TWILIO_AUTH_TOKEN: TWILIO_TOKEN,
    TWILIO_PHONE_NUMBER: SCHOOL_NUMBER,
    SCHOOLGATE_LOG_LEVEL: 'error',
    ...(o.teams === false ? {} : { MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: APP_PASSWORD, MICROSOFT_APP_TENANT_ID: TENANT }),
    ...o.extraEnv,
  });
  if (!env.ok) throw env.error;
  nock.disableNetConnect();
  nock.enableNetConnect(/127\.0\.0\.1|localhost/);
  const sg = await composeSchoolgate(env.value, { logger: createLogger({ level: 'error' }), workflow: workflowPorts });
  const base = await sg.app.listen({ port: 0, host: '127.0.0.1' });
  const api = async (method: string, path: string, as?: string, body?: unknown) => {
    const headers: Record<string, string> = { authorization: `Bearer ${API_TOKEN}` };
    if (as) headers['x-schoolgate-staff'] = as;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${base}/api/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: res.status, json: (await res.json()) as Json };
  };
  return {
    sg,
    base,
    api,
    close: async () => {
      await sg.close();
      nock.cleanAll();
      nock.enableNetConnect();
    },
  };
}
