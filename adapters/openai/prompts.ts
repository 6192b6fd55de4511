import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The prompts live as text in prompts/<task>/<version>/ beside the JSON schema they were written for
 * (schema.json). Changing the schema or the wording means a new version folder, so the audit's model id
 * ("gpt-4o-mini/triage-v1") always names the exact words and schema a decision came from.
 */
export const PROMPTS_DIR = fileURLToPath(new URL('../../prompts/', import.meta.url));

export const TRIAGE_PROMPT_VERSION = 'triage-v1';
export const REPLY_PROMPT_VERSION = 'reply-draft-v1';

function folder(version: string): string {
  const at = version.lastIndexOf('-v');
  return `${PROMPTS_DIR}${version.slice(0, at)}/${version.slice(at + 1)}/`;
}

export function readPrompt(version: string, dir?: string): string {
  return readFileSync(`${dir ?? folder(version)}system.md`, 'utf8');
}

export function readPromptSchema(version: string): unknown {
  return JSON.parse(readFileSync(`${folder(version)}schema.json`, 'utf8'));
}

/** Fill `{{name}}` for the names given; other braces stay as they are (the prompt may mention them literally). */
export function fillPrompt(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{\{\s*([a-z_]+)\s*\}\}/g, (whole, name: string) => values[name] ?? whole);
}
