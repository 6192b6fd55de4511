import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/server/logger';
import { API_TOKEN, AUTH_TOKEN, inboundForm, LogCapture, messageSid, PARENT_NUMBER, postSigned, startServer, type TestServer } from './helpers';

let server: TestServer;
afterEach(async () => {
  await server?.close();
});

const BODY = 'Mrs Okafor here, Amara has a nut allergy and was given a flapjack today';
const SECRETS = [PARENT_NUMBER, PARENT_NUMBER.slice(1), '7700 900123', 'Amara', 'nut allergy', API_TOKEN, AUTH_TOKEN];

describe('logs keep children’s data out', () => {
  it('no phone number, message body or credential reaches the log, whatever happens to the request', async () => {
    server = await startServer({ logLevel: 'trace' });
    const form = inboundForm({ Body: BODY });
    expect((await postSigned(server, '/webhooks/twilio/sms?from=%2B447700900123', form)).status).toBe(200);
    expect((await postSigned(server, '/webhooks/twilio/sms', form, { signature: 'forged' })).status).toBe(403);
    expect((await postSigned(server, '/webhooks/twilio/sms', inboundForm({ Body: 'STOP', MessageSid: messageSid(7) }))).status).toBe(200);
    // A storage error that quotes the row, as PostgreSQL's `detail` does.
    const dbError = Object.assign(new Error(`duplicate key for sender ${PARENT_NUMBER}`), { detail: `Key (body)=(${BODY}) exists`, code: '23505' });
    server.ingest.failWith(dbError);
    expect((await postSigned(server, '/webhooks/twilio/sms', inboundForm({ Body: BODY, MessageSid: messageSid(8) }))).status).toBe(500);
    await fetch(`${server.base}/api/v1/ping`, { headers: { authorization: `Bearer ${API_TOKEN}` } });
    await fetch(`${server.base}/api/v1/ping`, { headers: { authorization: `Bearer ${API_TOKEN}x` } });

    const text = server.logs.text;
    for (const secret of SECRETS) expect(text).not.toContain(secret);
    // What is logged is still useful: the message id, the outcome, the error with its code.
    expect(text).toContain(messageSid(1));
    const failure = server.logs.records.find((r) => r.msg === 'request failed');
    expect(failure).toMatchObject({ code: 'INTERNAL', err: { code: '23505', message: 'duplicate key for sender [number]' } });
  });

  it('redacts sensitive fields wherever code logs them', () => {
    const capture = new LogCapture();
    const log = createLogger({ level: 'info', destination: capture });
    log.info({ from: PARENT_NUMBER, body: BODY, text: { from: PARENT_NUMBER, body: BODY }, req: { headers: { authorization: `Bearer ${API_TOKEN}` } } }, 'x');
    log.info({ message: { To: PARENT_NUMBER, Body: BODY } }, 'y');
    for (const secret of SECRETS) expect(capture.text).not.toContain(secret);
    expect(capture.records[0]).toMatchObject({ from: '[redacted]', body: '[redacted]', text: '[redacted]' });
  });

  it('keeps a failed query’s parameters (a parent’s words) out of error logs', () => {
    const capture = new LogCapture();
    const log = createLogger({ level: 'info', destination: capture });
    const e = new Error(`Failed query: INSERT INTO messages (body) VALUES ($1)\nparams: ${BODY},Lily is off sick`);
    log.error({ err: e }, 'ingest failed');
    for (const secret of SECRETS) expect(capture.text).not.toContain(secret);
    expect(capture.text).not.toContain('Lily');
    expect(capture.text).toContain('params: [redacted]');
  });
});
