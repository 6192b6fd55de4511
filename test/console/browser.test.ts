import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConsoleServer, PASSWORD, startConsoleServer } from './harness';

/**
 * The console in a real browser (Debian's chromium driven by playwright-core) against the real server: sign-in,
 * each queue, a review decision, a reply written and approved (the SMS goes out through nock on Twilio), the
 * DSL's acknowledgement, a refusal for the wrong role, an axe-core check of every page, and a phone-sized
 * screen. `npm run screenshots` also saves each main page under docs/ for the README.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = process.env.SCHOOLGATE_SCREENSHOTS === '1' ? join(import.meta.dirname, '..', '..', 'docs') : null;
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

describe.skipIf(!existsSync(CHROMIUM))('the staff console in a browser', () => {
  let s: ConsoleServer;
  let browser: Browser;
  beforeAll(async () => {
    s = await startConsoleServer();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    });
    if (SHOTS) mkdirSync(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  async function as(staff: string, viewport = { width: 1100, height: 800 }): Promise<Page> {
    const page = await (await browser.newContext({ viewport })).newPage();
    await page.goto(`${s.base}/`);
    await page.getByLabel('Email').fill(`${staff}@rossmore.example`);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/console$/);
    return page;
  }

  /** No serious or critical accessibility violations (labels, contrast, roles). */
  async function accessible(page: Page) {
    await page.addScriptTag({ path: AXE });
    const result = await page.evaluate(async () => {
      const r = await (window as unknown as { axe: { run: () => Promise<{ violations: { id: string; impact: string; nodes: unknown[] }[] }> } }).axe.run();
      return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.nodes.length})`);
    });
    expect(result).toEqual([]);
  }

  /** The element's text once it is there (the first match). */
  const text = async (loc: Locator) => {
    await loc.first().waitFor({ state: 'visible' });
    return loc.first().innerText();
  };

  const shot = async (page: Page, name: string) => {
    if (SHOTS) await page.screenshot({ path: join(SHOTS, `console-${name}.png`), fullPage: true });
  };

  it('signs in, and refuses a wrong password', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${s.base}/`);
    await accessible(page);
    await shot(page, 'sign-in');
    await page.getByLabel('Email').fill('karen@rossmore.example');
    await page.getByLabel('Password').fill('wrong password entirely');
    await page.getByRole('button', { name: 'Sign in' }).click();
    expect(await text(page.getByRole('alert'))).toMatch(/do not match an account/);
  });

  it('review → decision → the teacher replies → the office approves → the SMS goes out', async () => {
    await s.text('+447700900283', "Mr Hughes you're a useless teacher. Can Lily have her reading book changed please?");
    const head = await as('harrison');
    await s.until(async () => {
      await head.reload();
      return (await head.locator('#q-review').textContent())?.includes('(1)');
    }, 'the review in the queue');
    await accessible(head);
    await shot(head, 'queues-head');
    await head.locator('section[aria-labelledby="q-review"] a').first().click();
    await head.locator('mark').first().waitFor({ state: 'visible' }); // the evidence is highlighted
    await accessible(head);
    await shot(head, 'review');
    await head.getByLabel('Not a breach').check();
    await head.getByLabel('Reason', { exact: true }).fill('Upset about the reading book; a warning would not help');
    await head.getByRole('button', { name: 'Record decision' }).click();
    expect(await text(head.getByRole('status'))).toMatch(/Decision recorded: not breach/);

    const teacher = await as('hughes');
    expect(await teacher.locator('#q-review').count()).toBe(0); // a class teacher never sees the review queue
    await teacher.locator('section[aria-labelledby="q-mine"] a').first().click();
    expect(await text(teacher.locator('blockquote').first())).not.toContain('useless');
    await teacher.getByLabel(/Reply to the parent/).fill("Thanks, I'll change Lily's book tomorrow.");
    await teacher.getByRole('button', { name: 'Send for approval' }).click();
    expect(await text(teacher.getByRole('status'))).toMatch(/sent to the office for approval/);

    const office = await as('karen', { width: 390, height: 844 }); // a phone
    expect(await text(office.locator('#q-approvals'))).toContain('(1)');
    await accessible(office);
    await shot(office, 'approvals-phone');
    await office.locator('section[aria-labelledby="q-approvals"] a').first().click();
    await office.getByLabel(/Edit before approving/).fill("Thank you. Mr Hughes will change Lily's book tomorrow.");
    await office.getByRole('button', { name: 'Approve and send' }).click();
    expect(await text(office.getByRole('status'))).toMatch(/on its way to the parent/);
    const sms = await s.until(async () => s.sent.find((b) => b.Body === "Thank you. Mr Hughes will change Lily's book tomorrow."), 'the SMS');
    expect(sms.To).toBe('+447700900283');
  });

  it('the DSL acknowledges a safeguarding concern; the office cannot', async () => {
    await s.text('+447700900283', "Lily said her mum's boyfriend hit her last night and she's scared to go home.");
    const dsl = await as('macey');
    await s.until(async () => {
      await dsl.reload();
      return (await dsl.locator('#q-safeguarding').textContent())?.includes('(1)');
    }, 'the concern in the safeguarding queue');
    await dsl.locator('#q-safeguarding').locator('..').locator('.badge.urgent').first().waitFor({ state: 'visible' });
    await dsl.locator('section[aria-labelledby="q-safeguarding"] a').first().click();
    const url = dsl.url();
    await accessible(dsl);
    await shot(dsl, 'safeguarding');
    await dsl.getByRole('button', { name: 'Acknowledge this concern' }).click();
    expect(await text(dsl.getByRole('status'))).toMatch(/Acknowledged/);
    await dsl.getByText(/Acknowledged by macey/).waitFor({ state: 'visible' });

    const office = await as('karen');
    expect(await office.locator('#q-safeguarding').count()).toBe(0);
    const res = await office.goto(url);
    expect(res?.status()).toBe(403);
    await office.getByRole('alert').waitFor({ state: 'visible' });
  });
});
