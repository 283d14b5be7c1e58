// The few HTML pages a browser sees in the embedded environment. Plain HTML with a meta refresh so
// they work in any browser, headless Chromium included, without script.
import { escapeHtml } from '../http/escape-html.ts';

function layout(title: string, body: string, refreshSeconds?: number): string {
  const refresh = refreshSeconds ? `<meta http-equiv="refresh" content="${refreshSeconds}">` : '';
  return `<!doctype html><html lang="nb"><head><meta charset="utf-8">${refresh}<title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#1b2a3a}
.note{color:#555}.error{color:#a4001d}</style></head><body>${body}</body></html>`;
}

export function cardWaitingPage(idpName: string, lastError: string | undefined): string {
  const error = lastError ? `<p class="error" role="alert">Last attempt failed: ${escapeHtml(lastError)}</p>` : '';
  return layout(
    `${idpName}: waiting for the card`,
    `<h1>${escapeHtml(idpName)}</h1>
<p id="status" role="status" data-state="waiting-for-card">Waiting for your smart card in the HelseID desktop app. Enter your PIN there.</p>
${error}<p class="note">This page continues by itself when the card has signed in (HelseID embedded test environment).</p>`,
    1,
  );
}

export function errorPage(title: string, text: string): string {
  return layout(title, `<h1>${escapeHtml(title)}</h1><p class="error" data-state="error">${escapeHtml(text)}</p>`);
}
