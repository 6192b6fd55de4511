/**
 * The README's previews of the Teams cards: each staff alert card (review, safeguarding, enquiry, approval), built by
 * adapters/teams/cards from the fictional alerts in test/adapters/teams/fixtures.ts, rendered by Microsoft's
 * adaptivecards library in headless chromium (playwright-core) and saved as docs/screenshots/teams-<card>.png.
 *
 *   node --import tsx scripts/docs/render-teams-cards.ts
 *   CHROMIUM_PATH=/path/to/chromium   the browser to use (default /usr/bin/chromium)
 *
 * Teams draws cards with its own host config and the Segoe UI font; the host config below follows Teams' light
 * theme closely enough for a preview (colours, spacing, a card about 520 px wide). The browser is offline: the page
 * is built from local files, and nothing is fetched.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { alertCard } from '../../adapters/teams/index';
import { everyCard, render } from '../../test/adapters/teams/fixtures';

const root = resolve(import.meta.dirname, '..', '..');
const out = join(root, 'docs', 'screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const acDist = join(dirname(createRequire(import.meta.url).resolve('adaptivecards/package.json')), 'dist');

/** Teams' light theme, approximately: Segoe UI (Liberation Sans where it is missing), Teams' text and accent colours. */
const colour = (normal: string, subtle: string, highlight = '#FFF4CE') => ({ default: normal, subtle, highlightColors: { default: highlight, subtle: highlight } });
const FOREGROUND = {
  default: colour('#242424', '#616161'),
  dark: colour('#242424', '#424242'),
  light: colour('#FFFFFF', '#F5F5F5'),
  accent: colour('#5B5FC7', '#6264A7'),
  good: colour('#0E700E', '#13A10E'),
  warning: colour('#835C00', '#C19C00'),
  attention: colour('#C4314B', '#D13438', '#FDE7E9'),
};
const style = (backgroundColor: string) => ({ backgroundColor, foregroundColors: FOREGROUND });
const HOST_CONFIG = {
  fontFamily: "'Segoe UI', 'Liberation Sans', 'DejaVu Sans', sans-serif",
  supportsInteractivity: true,
  spacing: { small: 8, default: 12, medium: 16, large: 20, extraLarge: 24, padding: 16 },
  separator: { lineThickness: 1, lineColor: '#E0E0E0' },
  fontSizes: { small: 12, default: 14, medium: 14, large: 18, extraLarge: 24 },
  fontWeights: { lighter: 300, default: 400, bolder: 600 },
  imageSizes: { small: 32, medium: 52, large: 100 },
  containerStyles: {
    default: style('#FFFFFF'),
    emphasis: style('#F5F5F5'),
    accent: style('#E8EBFA'),
    good: style('#E7F2DA'),
    warning: style('#FBF6D9'),
    attention: style('#FCF4F6'),
  },
  actions: { maxActions: 6, spacing: 'default', buttonSpacing: 8, showCard: { actionMode: 'inline', inlineTopMargin: 12 }, actionsOrientation: 'horizontal', actionAlignment: 'left' },
  adaptiveCard: { allowCustomStyle: false },
  factSet: { title: { weight: 'bolder', size: 'default', wrap: true, maxWidth: 150 }, value: { wrap: true }, spacing: 12 },
  inputs: { label: { requiredInputs: { weight: 'bolder', suffix: ' *' }, optionalInputs: { weight: 'bolder' } } },
};

/** What to save: each card as Teams first shows it, and the forms behind the buttons that open one. */
const SHOTS: { file: string; card: string; open?: string }[] = [
  { file: 'teams-review', card: 'review' },
  { file: 'teams-review-breach-form', card: 'review', open: 'Breach, with a response' },
  { file: 'teams-safeguarding', card: 'safeguarding' },
  { file: 'teams-enquiry', card: 'enquiry' },
  { file: 'teams-enquiry-write-reply', card: 'enquiry', open: 'Write reply' },
  { file: 'teams-approval', card: 'approval' },
];

/** The page the card is drawn on: a Teams-like chat pane with the bot's message bubble. */
const PAGE = `<!doctype html><html><head><meta charset="utf-8"><style>
  body { margin: 0; background: #F5F5F5; font-family: 'Liberation Sans', 'DejaVu Sans', sans-serif; }
  #shot { display: inline-block; padding: 20px 24px; }
  .who { font-size: 12px; color: #616161; margin: 0 0 6px 2px; }
  .who b { color: #242424; font-weight: 600; margin-right: 6px; }
  #card { width: 520px; background: #FFFFFF; border-radius: 6px; box-shadow: 0 1px 2px rgba(0,0,0,.14), 0 0 2px rgba(0,0,0,.12); overflow: hidden; }
  .ac-actionSet { flex-wrap: wrap; row-gap: 8px; }
  .ac-pushButton { font-family: inherit; font-size: 14px; font-weight: 600; color: #242424; background: #FFFFFF;
    border: 1px solid #D1D1D1; border-radius: 4px; padding: 5px 12px; min-height: 32px; }
  .ac-pushButton.style-positive { color: #FFFFFF; background: #5B5FC7; border-color: #5B5FC7; }
  .ac-pushButton.style-destructive { color: #C4314B; border-color: #C4314B; }
  .ac-pushButton.expanded { background: #E8EBFA; border-color: #5B5FC7; }
  .ac-pushButton.style-positive.expanded { color: #FFFFFF; background: #444791; border-color: #444791; }
  .ac-pushButton.style-destructive.expanded { color: #FFFFFF; background: #C4314B; }
  .ac-input, .ac-input-container input, .ac-input-container textarea, select { font-family: inherit; font-size: 14px; }
  .ac-textInput, .ac-multichoiceInput, .ac-dateInput, .ac-timeInput { border: 1px solid #D1D1D1; border-radius: 4px; padding: 5px 8px; }
  .ac-textInput.ac-multiline { height: 72px; }
</style></head><body><div id="shot"><div class="who"><b>Schoolgate</b>09:15</div><div id="card"></div></div></body></html>`;

/**
 * Runs in the page (as a string: tsx would wrap a function passed to page.evaluate in helpers the page lacks).
 * Teams reads a small part of Markdown in TextBlocks: **bold**, _italic_ and backslash escapes (our cards escape
 * everything not theirs); the preview does the same, or every escaped character would show its backslash. Then the
 * card is parsed and rendered into #card, and whatever the library could not read is returned.
 */
const IN_PAGE = String.raw`
window.renderCard = function (card, hostConfig) {
  AdaptiveCards.AdaptiveCard.onProcessMarkdown = function (text, result) {
    var held = [];
    var esc = function (s) { return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'); };
    var s = text.replace(/\\([\\\x60*_[\]()#+\-.!>~|{}])/g, function (m, c) { return '\u0000' + (held.push(esc(c)) - 1) + '\u0000'; });
    s = esc(s)
      .replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>')
      .replace(/(^|[^\w])_(.+?)_(?!\w)/g, '$1<em>$2</em>')
      .replace(/\n/g, '<br>');
    s = s.replace(/\u0000(\d+)\u0000/g, function (m, i) { return held[Number(i)]; });
    result.outputHtml = '<p style="margin:0">' + s + '</p>';
    result.didProcess = true;
  };
  var ac = new AdaptiveCards.AdaptiveCard();
  ac.hostConfig = new AdaptiveCards.HostConfig(hostConfig);
  var ctx = new AdaptiveCards.SerializationContext();
  ac.parse(card, ctx);
  var problems = [];
  for (var i = 0; i < ctx.eventCount; i++) problems.push(ctx.getEventAt(i).message);
  var el = ac.render();
  if (!el) return ['the card did not render'];
  document.getElementById('card').appendChild(el);
  return problems;
};
`;

async function main() {
  if (!existsSync(CHROMIUM)) throw new Error(`No chromium at ${CHROMIUM}: set CHROMIUM_PATH.`);
  mkdirSync(out, { recursive: true });
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
  try {
    const context = await browser.newContext({ viewport: { width: 620, height: 400 }, deviceScaleFactor: 2, offline: true, locale: 'en-GB', timezoneId: 'Europe/London' });
    const alerts = everyCard();
    for (const shot of SHOTS) {
      const alert = alerts[shot.card];
      if (!alert) throw new Error(`no fixture for the ${shot.card} card`);
      const card = alertCard(alert, render);
      const page = await context.newPage();
      await page.setContent(PAGE);
      await page.addScriptTag({ path: join(acDist, 'adaptivecards.min.js') });
      await page.addScriptTag({ content: IN_PAGE });
      const problems = await page.evaluate(([c, h]) => (window as unknown as { renderCard(c: unknown, h: unknown): string[] }).renderCard(c, h), [card, HOST_CONFIG] as const);
      if (problems.length) throw new Error(`${shot.file}: ${problems.join('; ')}`);
      if (shot.open) await page.getByRole('button', { name: shot.open, exact: true }).click();
      const file = join(out, `${shot.file}.png`);
      await page.locator('#shot').screenshot({ path: file });
      await page.close();
      console.log(`wrote ${file.slice(root.length + 1)}`);
    }
  } finally {
    await browser.close();
  }
}

await main();
