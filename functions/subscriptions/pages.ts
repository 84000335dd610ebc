// The few HTML pages the subscription endpoints answer with: plain, escaped, no scripts, no third parties.
import { escapeHtml } from '../core/escape.js';
import { htmlDocument } from '../core/html-document.js';

export const PAGE_HEADERS: Record<string, string> = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  // Tokens travel in these URLs: never send them on as a Referer.
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
};

export function page(title: string, body: string): string {
  return htmlDocument(
    `<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;line-height:1.5;color:#222}
label{display:block;margin:.5rem 0}button{font-size:1rem;padding:.4rem 1rem}</style>`,
    `<h1>${escapeHtml(title)}</h1>
${body}`,
  );
}

/** A form action relative to the current page, carrying the token (no absolute origin needed). */
export function tokenAction(token: string): string {
  return `?token=${encodeURIComponent(token)}`;
}

export function digestCheckboxes(
  digests: Array<{ name: string; title: string }>,
  chosen: readonly string[],
): string {
  return digests
    .map(
      (d) =>
        `<label><input type="checkbox" name="digests" value="${escapeHtml(d.name)}"${
          chosen.includes(d.name) ? ' checked' : ''
        }> ${escapeHtml(d.title)}</label>`,
    )
    .join('\n');
}

export function hourSelect(selected: number): string {
  const options = Array.from(
    { length: 24 },
    (_, h) =>
      `<option value="${h}"${h === selected ? ' selected' : ''}>${String(h).padStart(2, '0')}:00</option>`,
  );
  return `<label>Send hour <select name="sendHour">${options.join('')}</select></label>`;
}

export function timezoneInput(value: string): string {
  return `<label>Time zone (IANA, such as Europe/Paris) <input name="timezone" value="${escapeHtml(
    value,
  )}" maxlength="64" required></label>`;
}
