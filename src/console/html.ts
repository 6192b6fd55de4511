/**
 * Server-rendered HTML for the staff console: plain forms that work without JavaScript, a small stylesheet,
 * and one script that refreshes the queues in place. Every value is escaped here, in one place.
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

/** The message with the evidence spans marked, escaped around them. */
export function highlight(body: string, spans: readonly { start: number; end: number }[]): Html {
  const sorted = [...spans].filter((s) => s.end > s.start && s.end <= body.length).sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const s of sorted) {
    if (s.start < at) continue;
    out += esc(body.slice(at, s.start)) + `<mark>${esc(body.slice(s.start, s.end))}</mark>`;
    at = s.end;
  }
  return new Html(out + esc(body.slice(at)));
}

const STYLE = `
:root{color-scheme:light;--ink:#1a1a1a;--muted:#555;--line:#ccc;--accent:#0b5394;--urgent:#a50e0e;--bg:#fafafa}
*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:var(--bg)}
header{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;justify-content:space-between;padding:.75rem 1rem;background:#fff;border-bottom:1px solid var(--line)}
header h1{font-size:1.1rem;margin:0}header form{margin:0}
main{max-width:60rem;margin:0 auto;padding:1rem}
h2{font-size:1.15rem;margin:1.5rem 0 .5rem}
a{color:var(--accent)}a:focus,button:focus,input:focus,select:focus,textarea:focus{outline:3px solid #ffbf47;outline-offset:1px}
.card{background:#fff;border:1px solid var(--line);border-radius:6px;padding:.75rem 1rem;margin:.5rem 0}
.card.urgent{border-left:6px solid var(--urgent)}
.badge{display:inline-block;font-size:.8rem;padding:0 .4rem;border-radius:3px;border:1px solid var(--muted);margin-right:.25rem}
.badge.urgent{background:var(--urgent);color:#fff;border-color:var(--urgent)}
.badge.flag{background:#fde8e8;border-color:#a50e0e;color:#6b0909}
.muted{color:var(--muted)}mark{background:#ffe066;color:inherit}
label{display:block;font-weight:600;margin:.5rem 0 .2rem}
input,select,textarea{font:inherit;width:100%;max-width:32rem;padding:.4rem;border:1px solid #767676;border-radius:4px;background:#fff;color:var(--ink)}
textarea{min-height:5rem}fieldset{border:1px solid var(--line);border-radius:6px;margin:.75rem 0;padding:.5rem 1rem}
.checks label{display:inline-flex;gap:.3rem;font-weight:400;margin-right:1rem}.checks input{width:auto}
button{font:inherit;padding:.45rem 1rem;border-radius:4px;border:1px solid var(--accent);background:var(--accent);color:#fff;cursor:pointer;margin:.4rem .4rem 0 0}
button.secondary{background:#fff;color:var(--accent)}
.error{border:2px solid var(--urgent);background:#fff4f4;padding:.5rem 1rem;border-radius:6px}
.ok{border:2px solid #1e6b2f;background:#f1fbf3;padding:.5rem 1rem;border-radius:6px}
blockquote{margin:.5rem 0;padding:.5rem .75rem;border-left:4px solid var(--line);background:#fff;white-space:pre-wrap}
table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:.25rem .5rem;border-bottom:1px solid var(--line);vertical-align:top}
@media (max-width:40rem){main{padding:.5rem}header{padding:.5rem}}
`;

// Refresh the queues without a reload, unless the user is typing in a form.
const SCRIPT = `
(function(){var q=document.getElementById('queues');if(!q)return;
setInterval(function(){var a=document.activeElement;if(a&&/INPUT|TEXTAREA|SELECT/.test(a.tagName))return;
fetch(location.pathname+'?partial=1',{credentials:'same-origin'}).then(function(r){return r.ok?r.text():null}).then(function(t){if(t!==null)q.innerHTML=t;});},15000);})();
`;

export function page(o: { title: string; school?: string; user?: { name: string; roles: readonly string[]; csrf: string }; body: Html }): string {
  return `<!doctype html>${html`<html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${o.title} · Schoolgate</title><style>${new Html(STYLE)}</style></head><body>
<header><h1>Schoolgate${o.school ? html` · ${o.school}` : ''}</h1>${
    o.user
      ? html`<nav aria-label="Main"><a href="/console">Queues</a> · <a href="/console/audit">Audit</a></nav><span>${o.user.name} <span class="muted">(${o.user.roles.join(', ')})</span></span>
<form method="post" action="/logout"><input type="hidden" name="_csrf" value="${o.user.csrf}"><button class="secondary" type="submit">Sign out</button></form>`
      : ''
  }</header>
<main id="main">${o.body}</main><script>${new Html(SCRIPT)}</script></body></html>`}`;
}
