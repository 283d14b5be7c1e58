// The pages the confirmation listener shows in the browser: static text, nb and en.
export { PAGE_HEADERS } from '../auth/loopback-pages.ts';

const page = (nb: string, en: string) => `<!doctype html>
<html lang="nb"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>HelseID Desktop</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#1b1b1b}
h1{font-size:1.4rem}p.en{color:#555}</style></head>
<body><h1>HelseID Desktop</h1><p>${nb}</p><p class="en" lang="en">${en}</p></body></html>`;

export const CONFIRMATION_PAGE = page(
  'Svaret fra Selvbetjening er mottatt. Du kan lukke denne fanen og gå tilbake til HelseID Desktop.',
  'The answer from Selvbetjening has been received. You can close this tab and return to HelseID Desktop.',
);

export const UNKNOWN_PAGE = page(
  'Denne adressen hører ikke til et pågående oppsett. Lukk fanen.',
  'This address does not belong to a set-up in progress. Close the tab.',
);
