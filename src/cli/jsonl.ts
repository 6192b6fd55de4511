import type { z } from 'zod';
import { formatPath } from '../config/load-school';

export interface LineError {
  line: number;
  message: string;
}

/**
 * Parse JSONL against a schema. Blank lines are skipped; each bad line gives one error naming its
 * 1-based line number and the field, so a person can find it in an editor.
 */
export function parseJsonl<T extends z.ZodType>(text: string, schema: T): { rows: { line: number; value: z.infer<T> }[]; errors: LineError[] } {
  const rows: { line: number; value: z.infer<T> }[] = [];
  const errors: LineError[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!.trim();
    if (!raw) continue;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (e) {
      errors.push({ line: i + 1, message: `not valid JSON (${(e as Error).message})` });
      continue;
    }
    const parsed = schema.safeParse(json);
    if (parsed.success) rows.push({ line: i + 1, value: parsed.data });
    else
      for (const issue of parsed.error.issues)
        errors.push({ line: i + 1, message: `field "${formatPath(issue.path)}": ${issue.message}` });
  }
  return { rows, errors };
}

export function formatLineErrors(source: string, errors: readonly LineError[], max = 20): string {
  const shown = errors.slice(0, max).map((e) => `${source}:${e.line}: ${e.message}`);
  if (errors.length > max) shown.push(`… and ${errors.length - max} more`);
  return shown.join('\n');
}
