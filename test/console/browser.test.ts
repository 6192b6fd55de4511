import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_TOKEN, type ConsoleServer, PASSWORD, startConsoleServer } from './harness';

/**
 * The console in a real browser (Debian's chromium driven by playwright-core) against the real server: sign-in,
 * each queue updating without a reload, a review decision with its letter downloaded, a suggested draft, a reply
 * approved on a phone with the SMS going out (nock on Twilio), the DSL's acknowledgement and export, Parents,
 * Audit, the simulator, refusals for the wrong role, and an axe-core check of every page.
 * `npm run screenshots` also saves each main page under docs/ for the README.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = process.env.SCHOOLGATE_SCREENSHOTS === '1' ? join(import.meta.dirname, '..', '..', 'docs') : null;
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const PHONE = { width: 390, height: 844 };

describe.skipIf(!existsSync(CHROMIUM))('the staff console in a browser', () => {
  let s: ConsoleServer;
  let browser: Browser;
  beforeAll(async () => {
    s = await startConsoleServer({ env: { SCHOOLGATE_SIMULATOR: 'on', SCHOOLGATE_CONSOLE_REFRESH_SECONDS: '1' } });
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
    const page = await (await browser.newContext({ viewport, acceptDownloads: true })).newPage();
    await page.goto(`${s.base}/`);
    await page.getByLabel('Email').fill(`${staff}@rossmore.example`);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/console$/);
    return page;
  }

  /** No serious or critical accessibility violations (labels, contrast, names, landmarks). */
  async function accessible(page: Page) {
    await page.addScriptTag({ path: AXE });
    const result = await page.evaluate(async () => {
      const r = await (window as unknown as { axe: { run: () => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe.run();
      return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    });
    expect(result).toEqual([]);
  }

  /** Nothing is wider than the screen (a phone must not scroll sideways). */
  async function fitsWidth(page: Page) {
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
  }

  const text = async (loc: Locator) => {
    await loc.first().waitFor({ state: 'visible' });
    return (await loc.first().textContent()) ?? '';
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

  it('review → breach with a warning letter (edited and downloaded) → the teacher replies from a suggested draft → the office approves on a phone → the SMS goes out', async () => {
    const head = await as('harrison');
    await head.goto(`${s.base}/console/review`);
    expect(await text(head.locator('#q-review'))).toContain('(0)');
    // The text arrives while the page is open: the queue fills in without a reload.
    await s.text('+447700900283', "Mr Hughes you're a useless teacher. Can Lily have her reading book changed please?");
    await head.locator('#queue a[href^="/console/cases/"]').first().waitFor({ state: 'visible', timeout: 30_000 });
    expect(head.url()).toMatch(/\/console\/review$/);
    await accessible(head);
    await head.locator('#queue a[href^="/console/cases/"]').first().click();
    await head.locator('mark').first().waitFor({ state: 'visible' }); // the evidence is highlighted
    expect(await text(head.locator('mark'))).toMatch(/useless/);
    await accessible(head);
    await shot(head, 'review');
    await head.getByLabel('Breach', { exact: true }).check();
    await head.getByLabel('Warning letter').check();
    await head.getByLabel('Reason for the decision').fill('Personal abuse of a teacher; first time, so a warning');
    await head.getByRole('button', { name: 'Record decision' }).click();
    expect(await text(head.getByRole('status'))).toMatch(/Decision recorded: breach\. The enquiry went on/);
    const letter = head.getByLabel(/Edit the letter/);
    expect(await letter.inputValue()).toMatch(/Sarah Jones/);
    await letter.fill(`${await letter.inputValue()}\nP.S. Signed by hand.`);
    const [download] = await Promise.all([head.waitForEvent('download'), head.getByRole('button', { name: 'Download letter' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^warning-letter-\d{4}-\d{2}-\d{2}\.md$/);
    const letterText = readFileSync((await download.path())!, 'utf8');
    expect(letterText).toMatch(/Dear Sarah Jones|Sarah Jones/);
    expect(letterText).toMatch(/P\.S\. Signed by hand\./);
    await shot(head, 'review-decided');

    const teacher = await as('hughes');
    expect(await teacher.getByRole('link', { name: 'Review' }).count()).toBe(0); // a class teacher never sees the review queue
    expect((await teacher.goto(`${s.base}/console/review`))?.status()).toBe(403);
    await teacher.goto(`${s.base}/console/enquiries`);
    await accessible(teacher);
    await teacher.locator('#q-mine a[href^="/console/cases/"], section[aria-labelledby="q-mine"] a[href^="/console/cases/"]').first().click();
    expect(await text(teacher.locator('blockquote').first())).not.toContain('useless');
    await teacher.getByRole('button', { name: 'Suggest a draft' }).click();
    expect(await text(teacher.getByRole('status'))).toMatch(/suggested draft/i);
    expect(await teacher.getByLabel(/Reply to the parent/).inputValue()).not.toBe('');
    await teacher.getByLabel(/Reply to the parent/).fill("Thanks, I'll change Lily's book tomorrow.");
    await teacher.getByRole('button', { name: 'Send for approval' }).click();
    expect(await text(teacher.getByRole('status'))).toMatch(/sent to the office for approval/);
    // A refused action: a class teacher may not reject a reply (the workflow says which role it needs).
    const caseId = /\/console\/cases\/([0-9a-f-]{36})/.exec(teacher.url())![1]!;
    const detail = (await (await teacher.request.get(`${s.base}/api/v1/cases/${caseId}`)).json()) as { case: { replies: { id: string }[] } };
    const csrf = await teacher.locator('input[name="_csrf"]').first().getAttribute('value');
    const refused = await teacher.request.post(`${s.base}/console/replies/${detail.case.replies[0]!.id}/reject`, { form: { _csrf: csrf!, reason: 'I changed my mind' } });
    expect(refused.status()).toBe(403);
    expect(await refused.text()).toMatch(/needs the role &quot;office&quot; or &quot;head_teacher&quot;/);

    const office = await as('karen', PHONE);
    await office.goto(`${s.base}/console/approvals`);
    expect(await text(office.locator('#queue'))).toContain('1 waiting');
    await accessible(office);
    await fitsWidth(office);
    await shot(office, 'approvals-phone');
    await office.getByLabel(/Reply \(edit before approving/).fill("Thank you. Mr Hughes will change Lily's book tomorrow.");
    await office.getByRole('button', { name: 'Approve and send' }).click();
    expect(await text(office.getByRole('status'))).toMatch(/on its way to the parent/);
    const sms = await s.until(async () => s.sent.find((b) => b.Body === "Thank you. Mr Hughes will change Lily's book tomorrow."), 'the SMS');
    expect(sms).toMatchObject({ To: '+447700900283', From: '+447700900001', StatusCallback: 'https://gate.rossmore.example/webhooks/twilio/status' });
  });

  it('the DSL sees an urgent concern first, acknowledges it, records an action and exports the record; the office cannot open it', async () => {
    await s.text('+447700900158', 'Can Kai stay for after-school club on Thursday?');
    await s.text('+447700900283', "Lily said her mum's boyfriend hit her last night and she's scared to go home.");
    const dsl = await as('macey');
    await dsl.goto(`${s.base}/console/safeguarding`);
    await s.until(async () => (await dsl.locator('#queue .badge.urgent').count()) > 0, 'the urgent concern in the queue'); // refreshes itself
    const first = dsl.locator('#queue article').first();
    expect(await text(first.locator('.badge.urgent'))).toBe('Urgent');
    expect(await text(first)).toMatch(/not acknowledged/);
    await accessible(dsl);
    await first.locator('a').click();
    const url = dsl.url();
    await accessible(dsl);
    await shot(dsl, 'safeguarding');
    await dsl.getByRole('button', { name: 'Acknowledge this concern' }).click();
    expect(await text(dsl.getByRole('status'))).toMatch(/Acknowledged/);
    await dsl.getByLabel('Action taken').fill("Rang children's services front door");
    await dsl.getByLabel('Why (for the record)').fill('Disclosure of physical harm at home');
    await dsl.getByRole('button', { name: 'Record', exact: true }).click();
    expect(await text(dsl.getByRole('status'))).toMatch(/Action recorded/);
    const [download] = await Promise.all([dsl.waitForEvent('download'), dsl.getByRole('link', { name: /Export the record/ }).click()]);
    const record = JSON.parse(readFileSync((await download.path())!, 'utf8')) as { format: string; safeguarding: { acknowledged: { by: string }; actions: { action: string }[] } };
    expect(record.format).toBe('schoolgate.safeguarding-record/1');
    expect(record.safeguarding.acknowledged.by).toBe('macey');
    expect(record.safeguarding.actions[0]!.action).toBe("Rang children's services front door");

    const office = await as('karen');
    expect(await office.getByRole('link', { name: 'Safeguarding' }).count()).toBe(0);
    expect((await office.goto(url))?.status()).toBe(403);
    await office.getByRole('alert').waitFor({ state: 'visible' });
  });

  it('Parents, Audit, Queues and Accounts for the head teacher', async () => {
    const head = await as('harrison');
    await head.waitForSelector('#queue');
    await accessible(head);
    await shot(head, 'queues-head');

    await head.getByRole('link', { name: 'Parents' }).click();
    await head.getByLabel(/Find a parent/).fill('Lily');
    await head.getByRole('button', { name: 'Search' }).click();
    await head.getByRole('link', { name: 'Sarah Jones' }).click();
    await head.getByRole('heading', { name: 'Sarah Jones' }).waitFor();
    const thread = await text(head.locator('main'));
    expect(thread).toMatch(/useless teacher/); // what she sent (the head reviews it)
    expect(thread).toMatch(/Mr Hughes will change Lily's book tomorrow/); // the reply that went out
    expect(thread).toMatch(/Incidents \(1\)/);
    await accessible(head);
    await shot(head, 'parent');
    await head.goto(`${s.base}/console/parents/leo-mum`);
    expect(await text(head.locator('main'))).toMatch(/Review date: 2027-01-15/);

    await head.getByRole('link', { name: 'Audit' }).click();
    expect(await text(head.locator('table'))).toMatch(/incident\.opened/);
    await accessible(head);
    await shot(head, 'audit');

    await head.getByRole('link', { name: 'Accounts' }).click();
    expect(await text(head.locator('table'))).toMatch(/karen@rossmore\.example/);
    await accessible(head);
  });

  it('the simulator: a text typed as a parent is triaged and routed before your eyes, and nothing goes to a phone', async () => {
    const head = await as('harrison', PHONE);
    await head.getByRole('link', { name: 'Simulator' }).click();
    await accessible(head);
    await head.getByLabel('Send as').selectOption({ label: 'Tom Baker (+447700900021)' });
    await head.getByLabel('Their text').fill('Jake has a temperature and will not be in today.');
    await head.getByRole('button', { name: 'Send the text' }).click();
    await head.getByRole('heading', { name: 'What Schoolgate did' }).waitFor({ timeout: 30_000 }); // fills in without a reload
    await s.until(async () => (await head.locator('#sim-result').textContent())?.includes('not sent to any phone'), 'the acknowledgement');
    const result = await text(head.locator('#sim-result'));
    expect(result).toMatch(/absence|medical/);
    expect(result).toMatch(/Routed to: Mrs Green|Routed to: Mrs Shaw/);
    await accessible(head);
    await fitsWidth(head);
    await shot(head, 'simulator-phone');
    // A reply to the simulated text, written and approved through the JSON API, is "sent" without Twilio too.
    const api = (staff: string, path: string, body?: unknown) =>
      fetch(`${s.base}/api/v1${path}`, {
        method: body ? 'POST' : 'GET',
        headers: { authorization: `Bearer ${API_TOKEN}`, 'x-schoolgate-staff': staff, 'content-type': 'application/json' },
        ...(body ? { body: JSON.stringify(body) } : {}),
      }).then((r) => r.json() as Promise<Record<string, never>>);
    const enquiry = ((await api('karen', '/cases?kind=enquiry')) as unknown as { cases: { id: string; assignee: { staffId: string }; message: { body: string } }[] }).cases.find((c) =>
      c.message.body.includes('Jake has a temperature'),
    )!;
    const written = (await api(enquiry.assignee.staffId, `/cases/${enquiry.id}/replies`, { body: 'Thank you, get well soon Jake.' })) as unknown as { reply: { id: string } };
    await api(enquiry.assignee.staffId === 'karen' ? 'harrison' : 'karen', `/replies/${written.reply.id}/approve`, {});
    await s.until(async () => {
      const c = (await api('karen', `/cases/${enquiry.id}`)) as unknown as { case: { replies: { state: string }[] } };
      return c.case.replies[0]?.state === 'sent';
    }, 'the simulated reply recorded as sent');
    expect(s.sent.filter((b) => b.To === '+447700900021')).toEqual([]); // Twilio was never asked
    const teacher = await as('hughes');
    expect((await teacher.goto(`${s.base}/console/simulator`))?.status()).toBe(403);
  });
});
