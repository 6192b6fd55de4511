import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_ID } from './helpers';

/**
 * The Teams app package a school uploads (adapters/teams/manifest: manifest.json and its two icons, zipped). The
 * manifest is a template: `${{NAME}}` placeholders the README says how to fill, the bot id among them.
 */
const dir = join(import.meta.dirname, '../../../adapters/teams/manifest');
const text = readFileSync(join(dir, 'manifest.json'), 'utf8');
/** `${{NAME}}`, as the template writes a placeholder. */
const placeholder = (name: string) => `\${{${name}}}`;
const PLACEHOLDERS = ['MICROSOFT_APP_ID', 'SCHOOL_NAME', 'SCHOOL_WEBSITE', 'PRIVACY_NOTICE_URL', 'CODE_OF_CONDUCT_URL'];

/** The template filled as the README says. */
const fill = (values: Record<string, string>) => text.replace(/\$\{\{(\w+)\}\}/g, (_m, k: string) => values[k] ?? placeholder(k));
const filled = JSON.parse(
  fill({
    MICROSOFT_APP_ID: APP_ID,
    SCHOOL_NAME: 'Rossmore School',
    SCHOOL_WEBSITE: 'https://www.rossmore.example',
    PRIVACY_NOTICE_URL: 'https://www.rossmore.example/privacy',
    CODE_OF_CONDUCT_URL: 'https://www.rossmore.example/parent-code-of-conduct',
  }),
);

/** A PNG's width, height and colour type, from its IHDR chunk. */
function png(file: string): { width: number; height: number; alpha: boolean } {
  const b = readFileSync(join(dir, file));
  expect(b.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  expect(b.subarray(12, 16).toString('latin1')).toBe('IHDR');
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20), alpha: b[25] === 6 || b[25] === 4 };
}

describe('the Teams app manifest template', () => {
  it('is valid JSON naming the bot by the MICROSOFT_APP_ID placeholder, as the app id too', () => {
    const m = JSON.parse(text);
    expect(m.id).toBe(placeholder('MICROSOFT_APP_ID'));
    expect(m.bots).toEqual([{ botId: placeholder('MICROSOFT_APP_ID'), scopes: ['personal'], supportsFiles: false, isNotificationOnly: false }]);
    expect(m.$schema).toBe(`https://developer.microsoft.com/en-us/json-schemas/teams/v${m.manifestVersion}/MicrosoftTeams.schema.json`);
    expect(m.version).toMatch(/^\d+\.\d+\.\d+$/);
    // Only the placeholders the README lists, each with what to put there.
    expect([...new Set([...text.matchAll(/\$\{\{(\w+)\}\}/g)].map((x) => x[1]))].sort()).toEqual([...PLACEHOLDERS].sort());
    const readme = readFileSync(join(import.meta.dirname, '../../../README.md'), 'utf8');
    for (const p of PLACEHOLDERS) expect(readme).toContain(`| \`${placeholder(p)}\` |`);
  });

  it('filled in, is a manifest Teams takes: a GUID id, https links, names and descriptions within their lengths', () => {
    expect(JSON.stringify(filled)).not.toContain('${{');
    expect(filled.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(filled.bots[0].botId).toBe(filled.id);
    for (const k of ['websiteUrl', 'privacyUrl', 'termsOfUseUrl']) expect(new URL(filled.developer[k]).protocol).toBe('https:');
    expect(filled.developer.name.length).toBeLessThanOrEqual(32);
    expect(filled.name.short.length).toBeLessThanOrEqual(30);
    expect(filled.name.full.length).toBeLessThanOrEqual(100);
    expect(filled.description.short.length).toBeLessThanOrEqual(80);
    expect(filled.description.full.length).toBeLessThanOrEqual(4000);
    expect(filled.accentColor).toMatch(/^#[0-9A-Fa-f]{6}$/);
  });

  it('ships its icons: a 192×192 colour icon and a 32×32 outline on a transparent background', () => {
    const m = JSON.parse(text);
    expect(png(m.icons.color)).toMatchObject({ width: 192, height: 192 });
    expect(png(m.icons.outline)).toEqual({ width: 32, height: 32, alpha: true });
  });
});
