/**
 * An independent check of Block Kit payloads against Slack's documented limits (docs.slack.dev/reference/block-kit),
 * for the types Schoolgate uses. Returns every problem found, with where it is; an empty list means it fits.
 * Kept apart from the builders on purpose: they truncate to fit, this checks that they did.
 */

// biome-ignore lint/suspicious/noExplicitAny: walks untyped JSON on purpose
type Json = any;

const len = (s: unknown) => (typeof s === 'string' ? [...s].length : 0);

function textObject(p: string[], at: string, t: Json, max: number, kinds: string[] = ['plain_text', 'mrkdwn']) {
  if (!t || typeof t !== 'object') return void p.push(`${at}: missing text object`);
  if (!kinds.includes(t.type)) p.push(`${at}: text type ${t.type} (want ${kinds.join('/')})`);
  if (typeof t.text !== 'string' || len(t.text) === 0) p.push(`${at}: empty text`);
  if (len(t.text) > max) p.push(`${at}: ${len(t.text)} characters > ${max}`);
}

function confirm(p: string[], at: string, c: Json) {
  textObject(p, `${at}.title`, c.title, 100, ['plain_text']);
  textObject(p, `${at}.text`, c.text, 300);
  textObject(p, `${at}.confirm`, c.confirm, 30, ['plain_text']);
  textObject(p, `${at}.deny`, c.deny, 30, ['plain_text']);
}

function option(p: string[], at: string, o: Json) {
  textObject(p, `${at}.text`, o.text, 75);
  if (typeof o.value !== 'string' || len(o.value) === 0 || len(o.value) > 150)
    p.push(`${at}.value: must be 1-150 characters`);
}

function element(p: string[], at: string, e: Json, actionIds: string[]) {
  if (typeof e.action_id !== 'string' || len(e.action_id) === 0 || len(e.action_id) > 255)
    p.push(`${at}.action_id: must be 1-255 characters`);
  else actionIds.push(e.action_id);
  switch (e.type) {
    case 'button':
      textObject(p, `${at}.text`, e.text, 75, ['plain_text']);
      if (e.value !== undefined && len(e.value) > 2000) p.push(`${at}.value: > 2000`);
      if (e.url !== undefined && (len(e.url) > 3000 || !/^https?:\/\//.test(e.url)))
        p.push(`${at}.url: not an http(s) URL of at most 3000`);
      if (e.style !== undefined && !['primary', 'danger'].includes(e.style)) p.push(`${at}.style: ${e.style}`);
      if (e.confirm) confirm(p, `${at}.confirm`, e.confirm);
      break;
    case 'plain_text_input':
      if (e.max_length !== undefined && (e.max_length < 1 || e.max_length > 3000))
        p.push(`${at}.max_length: ${e.max_length}`);
      if (e.min_length !== undefined && (e.min_length < 0 || e.min_length > 3000))
        p.push(`${at}.min_length: ${e.min_length}`);
      if (e.initial_value !== undefined && len(e.initial_value) > (e.max_length ?? 3000))
        p.push(`${at}.initial_value: longer than max_length`);
      if (e.placeholder) textObject(p, `${at}.placeholder`, e.placeholder, 150, ['plain_text']);
      break;
    case 'checkboxes':
    case 'static_select':
    case 'multi_static_select': {
      const max = e.type === 'checkboxes' ? 10 : 100;
      if (!Array.isArray(e.options) || e.options.length === 0 || e.options.length > max)
        p.push(`${at}.options: must be 1-${max}`);
      (e.options ?? []).forEach((o: Json, i: number) => {
        option(p, `${at}.options[${i}]`, o);
      });
      const values = (e.options ?? []).map((o: Json) => o.value);
      if (new Set(values).size !== values.length) p.push(`${at}.options: values repeat`);
      for (const o of e.initial_options ?? [])
        if (!values.includes(o.value)) p.push(`${at}.initial_options: ${o.value} is not an option`);
      break;
    }
    case 'datepicker':
    case 'datetimepicker':
      break;
    default:
      p.push(`${at}: element type ${e.type} not checked here`);
  }
}

function block(p: string[], at: string, b: Json, inModal: boolean, actionIdsOut: string[]) {
  if (b.block_id !== undefined && (len(b.block_id) === 0 || len(b.block_id) > 255))
    p.push(`${at}.block_id: must be 1-255 characters`);
  switch (b.type) {
    case 'header':
      textObject(p, `${at}.text`, b.text, 150, ['plain_text']);
      break;
    case 'section':
      if (!b.text && !b.fields) p.push(`${at}: a section needs text or fields`);
      if (b.text) textObject(p, `${at}.text`, b.text, 3000);
      if (b.fields) {
        if (b.fields.length > 10) p.push(`${at}.fields: ${b.fields.length} > 10`);
        b.fields.forEach((f: Json, i: number) => {
          textObject(p, `${at}.fields[${i}]`, f, 2000);
        });
      }
      break;
    case 'context':
      if (!Array.isArray(b.elements) || b.elements.length === 0 || b.elements.length > 10)
        p.push(`${at}.elements: must be 1-10`);
      (b.elements ?? []).forEach((e: Json, i: number) => {
        textObject(p, `${at}.elements[${i}]`, e, 3000);
      });
      break;
    case 'divider':
      break;
    case 'actions': {
      if (!Array.isArray(b.elements) || b.elements.length === 0 || b.elements.length > 25)
        p.push(`${at}.elements: must be 1-25`);
      const ids: string[] = [];
      (b.elements ?? []).forEach((e: Json, i: number) => {
        element(p, `${at}.elements[${i}]`, e, ids);
      });
      if (new Set(ids).size !== ids.length) p.push(`${at}: action ids repeat within the block`);
      actionIdsOut.push(...ids);
      break;
    }
    case 'rich_text':
      if (!Array.isArray(b.elements) || b.elements.length === 0) p.push(`${at}.elements: empty`);
      for (const [i, e] of (b.elements ?? []).entries()) {
        if (!['rich_text_section', 'rich_text_quote', 'rich_text_list', 'rich_text_preformatted'].includes(e.type))
          p.push(`${at}.elements[${i}]: type ${e.type}`);
        for (const [j, t] of (e.elements ?? []).entries()) {
          if (t.type !== 'text' || typeof t.text !== 'string' || t.text.length === 0)
            p.push(`${at}.elements[${i}].elements[${j}]: empty or not text`);
          if (t.style && Object.keys(t.style).some((k) => !['bold', 'italic', 'strike', 'code'].includes(k)))
            p.push(`${at}.elements[${i}].elements[${j}].style: unknown`);
        }
        const total = (e.elements ?? []).reduce((n: number, t: Json) => n + len(t.text), 0);
        if (total > 4000) p.push(`${at}.elements[${i}]: ${total} characters of rich text`);
      }
      break;
    case 'input': {
      if (!inModal) p.push(`${at}: input blocks belong in modals`);
      textObject(p, `${at}.label`, b.label, 2000, ['plain_text']);
      if (b.hint) textObject(p, `${at}.hint`, b.hint, 2000, ['plain_text']);
      const ids: string[] = [];
      element(p, `${at}.element`, b.element, ids);
      actionIdsOut.push(...ids.map((id) => `${b.block_id}/${id}`));
      if (!b.block_id) p.push(`${at}: an input needs a block_id to read its value back`);
      break;
    }
    default:
      p.push(`${at}: block type ${b.type} not checked here`);
  }
}

/** A message's blocks: ≤ 50 blocks, block ids unique, action ids unique across the message. */
export function checkMessage(blocks: Json[], text?: string): string[] {
  const p: string[] = [];
  if (!Array.isArray(blocks) || blocks.length === 0) return ['blocks: empty'];
  if (blocks.length > 50) p.push(`blocks: ${blocks.length} > 50`);
  if (text !== undefined && (len(text) === 0 || len(text) > 40000)) p.push('text: must be 1-40000 characters');
  const actionIds: string[] = [];
  blocks.forEach((b, i) => {
    block(p, `blocks[${i}]`, b, false, actionIds);
  });
  const blockIds = blocks.map((b) => b.block_id).filter(Boolean);
  if (new Set(blockIds).size !== blockIds.length) p.push('block ids repeat');
  if (new Set(actionIds).size !== actionIds.length) p.push(`action ids repeat: ${actionIds.join(', ')}`);
  return p;
}

/** A modal view: title/submit/close ≤ 24, ≤ 100 blocks, private_metadata ≤ 3000, (block, action) ids unique. */
export function checkModal(view: Json): string[] {
  const p: string[] = [];
  if (view.type !== 'modal') p.push(`type: ${view.type}`);
  textObject(p, 'title', view.title, 24, ['plain_text']);
  if (view.close) textObject(p, 'close', view.close, 24, ['plain_text']);
  if (view.submit) textObject(p, 'submit', view.submit, 24, ['plain_text']);
  const blocks: Json[] = view.blocks ?? [];
  if (blocks.length === 0 || blocks.length > 100) p.push(`blocks: ${blocks.length} (must be 1-100)`);
  if (blocks.some((b) => b.type === 'input') && !view.submit) p.push('a modal with inputs needs a submit button');
  if (view.private_metadata !== undefined && len(view.private_metadata) > 3000) p.push('private_metadata: > 3000');
  if (view.callback_id !== undefined && len(view.callback_id) > 255) p.push('callback_id: > 255');
  const ids: string[] = [];
  blocks.forEach((b, i) => {
    block(p, `blocks[${i}]`, b, true, ids);
  });
  const blockIds = blocks.map((b) => b.block_id).filter(Boolean);
  if (new Set(blockIds).size !== blockIds.length) p.push('block ids repeat');
  if (new Set(ids).size !== ids.length) p.push('action ids repeat');
  return p;
}

/** Every mrkdwn text in a payload, to check that nothing a parent wrote became a link or a mention. */
export function mrkdwnTexts(x: Json): string[] {
  if (Array.isArray(x)) return x.flatMap(mrkdwnTexts);
  if (x && typeof x === 'object') return x.type === 'mrkdwn' ? [x.text] : Object.values(x).flatMap(mrkdwnTexts);
  return [];
}

/** Every text a payload shows (plain, mrkdwn, rich text), joined: to assert what a reader can and cannot see. */
export function visibleText(x: Json): string {
  if (Array.isArray(x)) return x.map(visibleText).join('\n');
  if (x && typeof x === 'object') {
    if (typeof x.text === 'string') return x.text;
    return Object.entries(x)
      .filter(([k]) => k !== 'value' && k !== 'private_metadata' && k !== 'url')
      .map(([, v]) => visibleText(v))
      .join('\n');
  }
  return '';
}
