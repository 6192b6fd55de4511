/**
 * Server-rendered HTML for the staff console: plain forms that work without JavaScript, a small classless-ish
 * stylesheet, and one script that refreshes queues in place. Every value is escaped here, in one place.
 */

export const esc = (v: unknown): string =>
  String(v ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** A tagged template that escapes every interpolation unless it is already `Html`. */
export class Html {
  constructor(readonly value: string) {}
  toString() {
    return this.value;
  }
}
export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0]!;
  values.forEach((v, i) => {
    out += render(v) + strings[i + 1]!;
  });
  return new Html(out);
}
function render(v: unknown): string {
  if (v instanceof Html) return v.value;
  if (Array.isArray(v)) return v.map(render).join('');
  if (v === null || v === undefined || v === false) return '';
  return esc(v);
}
export const raw = (s: string) => new Html(s);
/** ` checked` / ` selected` when true. */
export const attr = (name: string, on: boolean) => raw(on ? ` ${name}` : '');

/** The message with the evidence spans marked, escaped around them. */
export function highlight(body: string, spans: readonly { start: number; end: number }[]): Html {
  const sorted = [...spans].filter((s) => s.end > s.start && s.end <= body.length).sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const s of sorted) {
    if (s.start < at) continue;
    out += `${esc(body.slice(at, s.start))}<mark>${esc(body.slice(s.start, s.end))}</mark>`;
    at = s.end;
  }
  return new Html(out + esc(body.slice(at)));
}

/** "Tue 24 Nov, 14:05" in the school's time zone. */
export function when(isoTime: string | null | undefined, timeZone = 'Europe/London'): string {
  if (!isoTime) return '';
  return new Date(isoTime).toLocaleString('en-GB', { timeZone, weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
}
export const words = (s: string) => s.replaceAll('_', ' ');

const STYLE = `
:root{color-scheme:light;--ink:#1a1a1a;--muted:#555;--line:#c8c8c8;--accent:#0b5394;--urgent:#a50e0e;--bg:#f6f6f4}
*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:var(--bg)}
.skip{position:absolute;left:-999px}.skip:focus{left:.5rem;top:.5rem;background:#fff;padding:.25rem .5rem;z-index:2}
header{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;justify-content:space-between;padding:.6rem 1rem;background:#fff;border-bottom:1px solid var(--line)}
header .brand{font-size:1.1rem;font-weight:700;margin:0}header form{margin:0}
nav ul{display:flex;flex-wrap:wrap;gap:.25rem .9rem;list-style:none;margin:0;padding:0}nav a[aria-current=page]{font-weight:700;text-decoration-thickness:3px}
main{max-width:62rem;margin:0 auto;padding:1rem}
h1{font-size:1.35rem;margin:.25rem 0 .75rem}h2{font-size:1.15rem;margin:1.25rem 0 .5rem}h3{font-size:1rem;margin:.5rem 0}
a{color:var(--accent)}a:focus,button:focus,input:focus,select:focus,textarea:focus,summary:focus{outline:3px solid #ffbf47;outline-offset:1px}
.card{background:#fff;border:1px solid var(--line);border-radius:6px;padding:.75rem 1rem;margin:.5rem 0}
.card.urgent{border-left:6px solid var(--urgent)}
.badge{display:inline-block;font-size:.8rem;padding:0 .4rem;border-radius:3px;border:1px solid var(--muted);margin:0 .25rem .15rem 0;background:#fff}
.badge.urgent{background:var(--urgent);color:#fff;border-color:var(--urgent);font-weight:700}
.badge.flag{background:#fde8e8;border-color:#a50e0e;color:#6b0909}.badge.out{background:#e8f0fb;border-color:var(--accent);color:#0a3d6e}
.muted{color:var(--muted)}mark{background:#ffe066;color:inherit}
label{display:block;font-weight:600;margin:.5rem 0 .2rem}
input,select,textarea{font:inherit;width:100%;max-width:34rem;padding:.4rem;border:1px solid #767676;border-radius:4px;background:#fff;color:var(--ink)}
textarea{min-height:5rem}textarea.letter{min-height:16rem;max-width:none;font-family:ui-monospace,monospace;font-size:.9rem}
fieldset{border:1px solid var(--line);border-radius:6px;margin:.75rem 0;padding:.5rem 1rem}legend{font-weight:600}
.checks label{display:inline-flex;gap:.3rem;align-items:center;font-weight:400;margin-right:1rem}.checks input{width:auto}
button,.button{display:inline-block;font:inherit;padding:.45rem 1rem;border-radius:4px;border:1px solid var(--accent);background:var(--accent);color:#fff;cursor:pointer;margin:.4rem .4rem 0 0;text-decoration:none}
button.secondary,.button.secondary{background:#fff;color:var(--accent)}button.danger{background:var(--urgent);border-color:var(--urgent)}
.error{border:2px solid var(--urgent);background:#fff4f4;padding:.5rem 1rem;border-radius:6px;white-space:pre-line}
.ok{border:2px solid #1e6b2f;background:#f1fbf3;padding:.5rem 1rem;border-radius:6px}
blockquote{margin:.5rem 0;padding:.5rem .75rem;border-left:4px solid var(--line);background:#fff;white-space:pre-wrap;overflow-wrap:anywhere}
.table{overflow-x:auto}table{border-collapse:collapse;width:100%;background:#fff}td,th{text-align:left;padding:.3rem .5rem;border-bottom:1px solid var(--line);vertical-align:top}
.in{border-left:4px solid var(--muted)}.outb{border-left:4px solid var(--accent);margin-left:1.5rem}
.grid{display:grid;gap:.5rem 1rem;grid-template-columns:repeat(auto-fit,minmax(16rem,1fr))}
details{margin:.5rem 0}summary{cursor:pointer;font-weight:600}
@media (max-width:40rem){main{padding:.5rem}header{padding:.5rem}.outb{margin-left:.5rem}}
`;

/**
 * Progressive enhancement: an element with data-refresh is re-fetched (its URL with ?partial=1) every
 * data-interval seconds and replaced in place, unless the user is typing in it or has changed a field in it.
 * Without JavaScript the pages work the same; they only need a reload.
 */
const SCRIPT = `
(function(){document.querySelectorAll('[data-refresh]').forEach(function(el){
var dirty=false;el.addEventListener('input',function(){dirty=true});
var every=(+el.getAttribute('data-interval')||15)*1000;
setInterval(function(){var a=document.activeElement;if(dirty||(a&&el.contains(a)&&/INPUT|TEXTAREA|SELECT|BUTTON/.test(a.tagName)))return;
var u=el.getAttribute('data-refresh');fetch(u+(u.indexOf('?')<0?'?':'&')+'partial=1',{credentials:'same-origin',headers:{accept:'text/html'}})
.then(function(r){return r.ok?r.text():null}).then(function(t){if(t!==null&&t!==el.innerHTML){el.innerHTML=t;el.setAttribute('data-updated',new Date().toISOString())}}).catch(function(){});},every);});})();
`;

export interface NavItem {
  href: string;
  label: string;
}

export function page(o: {
  title: string;
  school?: string;
  user?: { name: string; roles: string; csrf: string };
  nav?: readonly NavItem[];
  current?: string;
  body: Html;
}): string {
  return `<!doctype html>${html`<html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${o.title} · Schoolgate</title><style>${raw(STYLE)}</style></head><body><a class="skip" href="#main">Skip to content</a>
<header><p class="brand">Schoolgate${o.school ? html` · ${o.school}` : ''}</p>${
    o.user
      ? html`<nav aria-label="Main"><ul>${(o.nav ?? []).map(
          (n) => html`<li><a href="${n.href}"${raw(n.href === o.current ? ' aria-current="page"' : '')}>${n.label}</a></li>`,
        )}</ul></nav><span>${o.user.name} <span class="muted">(${o.user.roles})</span></span>
<form method="post" action="/logout"><input type="hidden" name="_csrf" value="${o.user.csrf}"><button class="secondary" type="submit">Sign out</button></form>`
      : ''
  }</header>
<main id="main">${o.body}</main><script>${raw(SCRIPT)}</script></body></html>`}`;
}
