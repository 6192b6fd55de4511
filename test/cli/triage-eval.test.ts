import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TriageResult } from '../../src/domain/triage';

const root = join(import.meta.dirname, '..', '..');
const bin = join(root, 'bin', 'schoolgate.mjs');
const dir = mkdtempSync(join(tmpdir(), 'sg-cli-'));

/** Run the real command as a user would, in a clean environment. */
function run(args: string[], input?: string, env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: root,
    input,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', SCHOOLGATE_DATA_DIR: join(dir, 'data'), ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const line = (o: Record<string, unknown>) => JSON.stringify(o);
const msg = (id: string, body: string, extra: Record<string, unknown> = {}) =>
  line({ id, from: '+447700900283', receivedAt: '2026-10-01T06:18:00Z', channel: 'sms', body, ...extra });

describe('schoolgate triage', () => {
  it('writes one valid result line per input line, in order, ignoring extra fields', () => {
    const input = [msg('a1', 'Lily wont be in today, sick all night'), '', msg('a2', 'What time is the disco?', { expect: { x: 1 }, note: 'ignored' })].join('\n');
    const r = run(['triage'], input);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = r.stdout.trim().split('\n').map((l) => TriageResult.parse(JSON.parse(l)));
    expect(out.map((o) => o.id)).toEqual(['a1', 'a2']);
    for (const o of out) expect(Object.keys(JSON.parse(JSON.stringify(o))).sort()).toEqual(['flags', 'id', 'reasons', 'route', 'topic', 'urgency']);
  });

  it('reads a file argument', () => {
    const f = join(dir, 'in.jsonl');
    writeFileSync(f, `${msg('f1', 'thanks so much for the card x')}\n`);
    const r = run(['triage', f]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).id).toBe('f1');
  });

  it('names the line number and the field of a malformed line, and writes nothing', () => {
    const input = [msg('ok', 'hello'), line({ id: 'b', from: '+447700900283', receivedAt: 'yesterday', channel: 'sms', body: 'x' }), '{not json', line({ id: 'c', from: '+44', receivedAt: '2026-10-01T06:18:00Z', channel: 'fax', body: 'x' })].join('\n');
    const r = run(['triage'], input);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/<stdin>:2: field "receivedAt"/);
    expect(r.stderr).toMatch(/<stdin>:3: not valid JSON/);
    expect(r.stderr).toMatch(/<stdin>:4: field "channel"/);
  });

  it('says clearly when the file does not exist', () => {
    const r = run(['triage', join(dir, 'missing.jsonl')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no such file/i);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('reports a broken school file with the path and line of each problem', () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'school:\n  id: Not A Slug\n  name: X\n  timezone: Mars/Olympus\n');
    const r = run(['triage', '--school', bad], msg('a', 'hi'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/school\.id \(line 2\)/);
    expect(r.stderr).toMatch(/school\.timezone \(line 4\).*IANA/);
    expect(r.stderr).toMatch(/office_hours.*required/);
  });

  it('refuses an unknown command or classifier with usage', () => {
    expect(run(['frobnicate']).stderr).toMatch(/Unknown command "frobnicate"/);
    const r = run(['triage', '--classifier', 'psychic'], msg('a', 'hi'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Unknown classifier "psychic"/);
  });
});

describe('schoolgate eval', () => {
  it('prints the figures and every miss with what was expected and what was said', () => {
    const input = [
      msg('e1', 'Lily is off sick today', { expect: { flags: [], topic: 'absence', urgency: 'routine' } }),
      msg('e2', 'Thanks for the lovely card', { expect: { flags: ['threat'], topic: 'none', urgency: 'urgent' } }),
    ].join('\n');
    const r = run(['eval'], input);
    expect(r.code).toBe(0);
    for (const k of ['precision', 'recall', 'any flag', 'false-flag rate', 'topic accuracy', 'macro-F1', 'safeguarding recall', 'urgency accuracy'])
      expect(r.stdout).toContain(k);
    expect(r.stdout).toMatch(/e2: expected threat \/ none \/ urgent; said /);
  });

  it('rejects a line without a valid expectation, naming the field', () => {
    const r = run(['eval'], msg('e1', 'hi', { expect: { flags: ['rude'], topic: 'absence', urgency: 'routine' } }));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/<stdin>:1: field "expect\.flags\[0\]"/);
  });
});
