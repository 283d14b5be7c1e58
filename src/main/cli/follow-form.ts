// The forms `--browser follow` submits: a test/script stand-in for a person pressing the default
// button — only a form that opts in with `data-follow-submit` (the embedded Selvbetjening's
// confirmation page does), with its plain <input name value> fields and the button marked
// `data-follow-default` — and a page that submits its form by itself (a script calling `.submit()`:
// the app's end-session page after a refused login, HelseID's logout page), as a browser runs it.
// Regular expressions, not an HTML parser, on purpose: this reads only our own and our emulator's
// pages, and a real page needs a real browser.
export interface FollowForm {
  readonly action: string;
  readonly method: 'GET' | 'POST';
  readonly fields: URLSearchParams;
}

const FORM = /<form\b([^>]*\bdata-follow-submit\b[^>]*)>([\s\S]*?)<\/form>/i;
const attr = (tag: string, name: string) =>
  new RegExp(`\\b${name}\\s*=\\s*("([^"]*)"|'([^']*)')`, 'i')
    .exec(tag)
    ?.slice(2)
    .find((v) => v !== undefined);
const unescape = (value: string) =>
  value
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/** the first form of a page whose script submits a form at once */
const SELF_SUBMITTED = /<form\b([^>]*)>([\s\S]*?)<\/form>/i;
const SUBMITS_ITSELF = /<script\b[^>]*>[^<]*\.submit\(\)[^<]*<\/script>/i;

export function findFollowForm(html: string): FollowForm | undefined {
  const form = FORM.exec(html) ?? (SUBMITS_ITSELF.test(html) ? SELF_SUBMITTED.exec(html) : null);
  if (!form) return undefined;
  const [, formAttrs = '', body = ''] = form;
  const fields = new URLSearchParams();
  for (const [input] of body.matchAll(/<input\b[^>]*>/gi)) {
    const name = attr(input, 'name');
    const type = (attr(input, 'type') ?? 'text').toLowerCase();
    if (!name || ['submit', 'button', 'checkbox', 'radio', 'file'].includes(type)) continue;
    fields.append(unescape(name), unescape(attr(input, 'value') ?? ''));
  }
  const button = [...body.matchAll(/<button\b[^>]*>/gi)]
    .map(([tag]) => tag)
    .find((tag) => /\bdata-follow-default\b/i.test(tag));
  const buttonName = button && attr(button, 'name');
  if (buttonName) fields.append(unescape(buttonName), unescape(attr(button, 'value') ?? ''));
  return {
    action: unescape(attr(formAttrs, 'action') ?? ''),
    method: (attr(formAttrs, 'method') ?? 'GET').toUpperCase() === 'POST' ? 'POST' : 'GET',
    fields,
  };
}
