import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROMPTS_DIR, REPLY_PROMPT_VERSION, readPrompt, readPromptSchema, TRIAGE_PROMPT_VERSION } from '../../../adapters/openai/prompts';
import { responseFormat } from '../../../adapters/openai/structured';
import { ReplyDraftAnswer } from '../../../src/replies/draft';
import { FLAG_CLAUSES, FLAGS, TOPICS, URGENCIES } from '../../../src/domain/taxonomy';
import { TriageDecision } from '../../../src/domain/triage';

/**
 * The prompts are text in prompts/<task>/<version>/, each beside the JSON schema it was written for, and the
 * triage prompt is grounded in the code of conduct and the taxonomy's close-case rules. The shared policy files
 * sit beside the project (../shared); the checks against them run where they are.
 */
const SHARED = join(import.meta.dirname, '..', '..', '..', '..', 'shared');
const CONDUCT = join(SHARED, 'code-of-conduct.txt');
const TAXONOMY = join(SHARED, 'taxonomy.md');
const norm = (s: string) => s.replace(/\s+/g, ' ').replace(/[‘’]/g, "'").trim();
const triage = readPrompt(TRIAGE_PROMPT_VERSION);

describe('prompt versions', () => {
  it('keep each version’s words with the exact schema the request sends', () => {
    expect(readPromptSchema(TRIAGE_PROMPT_VERSION)).toEqual(responseFormat(TriageDecision, 'triage_decision').json_schema);
    expect(readPromptSchema(REPLY_PROMPT_VERSION)).toEqual(responseFormat(ReplyDraftAnswer, 'reply_draft').json_schema);
    for (const task of readdirSync(PROMPTS_DIR))
      for (const version of readdirSync(join(PROMPTS_DIR, task))) expect(readdirSync(join(PROMPTS_DIR, task, version)).sort()).toEqual(['schema.json', 'system.md']);
  });
});

describe('the triage prompt', () => {
  it('defines every flag, topic and urgency by the taxonomy’s labels, and quotes each flag’s clause', () => {
    for (const label of [...FLAGS, ...TOPICS, ...URGENCIES]) expect(triage).toContain(`\`${label}\``);
    for (const clause of Object.values(FLAG_CLAUSES)) expect(norm(triage)).toContain(norm(clause.replace(/^§3 /, '')));
  });

  it.skipIf(!existsSync(CONDUCT))('quotes the code of conduct’s section 3 word for word', () => {
    const conduct = norm(readFileSync(CONDUCT, 'utf8'));
    const section = triage.slice(triage.indexOf('## The code of conduct'), triage.indexOf('## Conduct flags'));
    const quoted = section.split('\n').filter((l) => l.startsWith('- ')).map((l) => norm(l.slice(2)));
    expect(quoted.length).toBeGreaterThanOrEqual(10);
    for (const line of quoted) expect(conduct).toContain(line);
  });

  it.skipIf(!existsSync(TAXONOMY))('carries every close-case rule of the taxonomy, with its examples', () => {
    const taxonomy = readFileSync(TAXONOMY, 'utf8');
    const rules = taxonomy.slice(taxonomy.indexOf('## Deciding the close cases'));
    const prompt = norm(triage);
    // One rule per taxonomy bullet: "**profanity** is…" → "`profanity` is…", "**One topic.**" → "One topic."
    const heads = [...rules.matchAll(/^- \*\*([^*]+)\*\*/gm)].map((m) => m[1]!.replace(/\.$/, ''));
    expect(heads.length).toBeGreaterThanOrEqual(9);
    const closeCases = norm(triage.slice(triage.indexOf('## Deciding the close cases'), triage.indexOf('## Your answer')));
    for (const h of heads) expect(closeCases.toLowerCase()).toMatch(new RegExp(`- \`?${h.toLowerCase().replace(/ or /, '`? or `?')}`));
    // Their quoted examples and labels, except what only makes sense in the repository (the lexicon's path, its
    // exact entries) and one example the prompt states as a rule ("words the parent attributes to someone else").
    const leftOut = new Set(['data/lexicons/', 'pissed', 'she says some little sh!t nicked her pencil case']);
    const examples = [...rules.matchAll(/"([^"]+)"|`([^`]+)`/g)].map((m) => norm(m[1] ?? m[2]!)).filter((e) => !leftOut.has(e));
    expect(examples.length).toBeGreaterThan(20);
    expect(examples.filter((e) => !prompt.includes(e))).toEqual([]);
  });
});
