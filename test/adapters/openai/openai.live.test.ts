import { describe, expect, it } from 'vitest';
import { parseEnv } from '../../../src/config/env';
import { buildClassifier, buildReplyDrafter, modelServices } from '../../../src/main/classifiers';
import type { ProvenancedDecision } from '../../../src/triage/provenance';
import { schoolWith } from './fixtures';

/**
 * Against the real API (or the Azure / compatible endpoint the environment names). Off by default; see
 * vitest.live.config.ts beside this file. It checks that the model accepts our strict schema and prompt and
 * that its answers pass the cascade's checks, not the model's accuracy (that is `schoolgate eval`).
 */
const env = parseEnv(process.env);
if (!env.ok) throw env.error;
const services = modelServices(env.value);
if (!services.models)
  throw new Error('The live tests need OPENAI_API_KEY, OPENAI_BASE_URL or AZURE_OPENAI_ENDPOINT with its key and deployment in the environment.');

const school = schoolWith({ mode: 'both' });
const message = (id: string, body: string) => ({ message: { id, from: '+447700900283', receivedAt: '2026-10-01T06:18:00Z', channel: 'sms' as const, body }, history: [], school });

describe('live model', () => {
  const classifier = buildClassifier('both', env.value, services);

  it('triages a civil absence without a flag, and a threat as an urgent threat', async () => {
    const civil = (await classifier.classify(message('l1', 'Morning, Lily wont be in today shes been sick all night. Thanks'))) as ProvenancedDecision;
    expect(civil.provenance).toMatchObject({ fellBack: false, decidedBy: 'both' });
    expect(civil.flags).toEqual([]);
    expect(civil.topic).toBe('absence');
    const threat = (await classifier.classify(message('l2', 'I know where Miss Doyle lives. Just saying.'))) as ProvenancedDecision;
    expect(threat.provenance.fellBack).toBe(false);
    expect(threat.flags).toContain('threat');
    expect(threat.urgency).toBe('urgent');
    expect(threat.reasons.find((r) => r.label === 'threat')?.evidence?.text).toBeTruthy();
  });

  it('words a reply draft with the names put back', async () => {
    const d = await buildReplyDrafter(env.value, services).draft({
      enquiryText: 'Hi, Kai Clarke has a dentist appointment at 10 tomorrow so he will be in late. Thanks, Amy',
      topic: 'absence',
      school,
      receivedAt: '2026-10-01T06:18:00Z',
      parentName: 'Amy Clarke',
    });
    expect(d).toMatchObject({ source: 'model', fellBack: false });
    expect(d?.text).not.toMatch(/\[(CHILD|PARENT|PERSON)_\d+\]/);
  });
});
