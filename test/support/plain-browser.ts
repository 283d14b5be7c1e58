// A plain browser for the tests of a shared host, run as a real OS user (test/support/os-users.ts):
// it loads a URL as a browser would — following redirects and <meta> refreshes with a cookie jar (per
// host, ports shared and paths honoured, as browsers keep them) — and runs no script.
// Two ways to run it:
//   node plain-browser.ts --race [--follow-seconds N] [--only-with MARK]
//       ANOTHER user's process doing what any user of a shared machine can do: it watches every
//       process's command line (/proc/<pid>/cmdline is readable by all users unless /proc is mounted
//       with hidepid) and loads each URL that shows up there — the one the app handed the system
//       browser — before the browser does, then keeps following refreshes for N seconds. With
//       --only-with, only command lines that also carry MARK: test files run side by side, and one
//       file's racer must not take another file's URLs (a real attacker takes them all).
//   node plain-browser.ts [--wait-for FILE] [--follow-seconds N] URL
//       the user's own "system browser" (the CLI's --browser): loads URL, once FILE exists if given.
// Prints one JSON line per event on stdout:
//   {"event":"reached", url, steps, cookies}  the first page that did not redirect at once
//   {"event":"done", url, steps, cookies}     it stopped following (a page that does not move on)
import { access, readdir, readFile } from 'node:fs/promises';

interface Step {
  readonly url: string;
  readonly status: number;
  readonly location: string | null;
  readonly body: string;
}
interface Cookie {
  readonly name: string;
  readonly value: string;
  readonly host: string;
  readonly path: string;
}

const flag = (name: string) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);
const followSeconds = Number(flag('--follow-seconds') ?? 0);
const seen = new Set<string>();
const emit = (event: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(event)}\n`);
const META_REFRESH = /<meta\s+http-equiv=["']?refresh["']?\s+content=["']?(\d+)(?:\s*;\s*url=([^"'>\s]+))?/i;

const onlyWith = flag('--only-with');

async function urlsOnCommandLines(): Promise<string[]> {
  const found: string[] = [];
  for (const pid of await readdir('/proc')) {
    if (!/^\d+$/.test(pid) || Number(pid) === process.pid) continue;
    const args = await readFile(`/proc/${pid}/cmdline`, 'utf8').then(
      (text) => text.split('\0'),
      () => [] as string[],
    );
    if (onlyWith !== undefined && !args.includes(onlyWith)) continue;
    for (const arg of args) if (/^https?:\/\/\S+$/.test(arg)) found.push(arg);
  }
  return found;
}

async function race(start: string): Promise<void> {
  const jar: Cookie[] = [];
  const steps: Step[] = [];
  const cookies = () => jar.map(({ name, value, host, path }) => ({ name, value, host, path }));
  let next = new URL(start);
  let reported = false;
  const until = Date.now() + followSeconds * 1000;
  for (let hop = 0; hop < 200; hop++) {
    const header = jar
      .filter((c) => c.host === next.hostname && next.pathname.startsWith(c.path))
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
    const res = await fetch(next, {
      redirect: 'manual',
      headers: header ? { cookie: header } : {},
      signal: AbortSignal.timeout(5_000),
    }).catch(() => undefined);
    if (!res) break;
    for (const line of res.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';').map((p) => p.trim());
      const eq = pair.indexOf('=');
      const pathAttribute = attributes.find((a) => /^path=/i.test(a))?.slice(5);
      const cookie = {
        name: pair.slice(0, eq),
        value: pair.slice(eq + 1),
        host: next.hostname,
        path: pathAttribute || next.pathname.replace(/\/[^/]*$/, '') || '/',
      };
      const i = jar.findIndex((c) => c.name === cookie.name && c.host === cookie.host && c.path === cookie.path);
      if (i >= 0) jar.splice(i, 1);
      jar.push(cookie);
    }
    const location = res.headers.get('location');
    const body = await res.text();
    steps.push({ url: next.href, status: res.status, location, body: body.slice(0, 20_000) });
    if (res.status >= 300 && res.status < 400 && location) {
      next = new URL(location, next);
      continue;
    }
    if (!reported) {
      reported = true;
      emit({ event: 'reached', url: start, steps, cookies: cookies() });
    }
    const refresh = META_REFRESH.exec(body);
    if (!refresh || Date.now() > until) break;
    await new Promise((resolve) => setTimeout(resolve, Math.min(Number(refresh[1]), 1) * 1000));
    if (refresh[2]) next = new URL(refresh[2].replace(/&amp;/g, '&'), next);
  }
  if (!reported) emit({ event: 'reached', url: start, steps, cookies: cookies() });
  emit({ event: 'done', url: start, steps, cookies: cookies() });
}

const start = process.argv.at(-1)!;
if (process.argv.includes('--race')) {
  for (;;) {
    for (const url of await urlsOnCommandLines()) {
      if (seen.has(url)) continue;
      seen.add(url);
      void race(url);
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
} else {
  const waitFor = flag('--wait-for');
  while (
    waitFor &&
    !(await access(waitFor).then(
      () => true,
      () => false,
    ))
  )
    await new Promise((resolve) => setTimeout(resolve, 20));
  await race(start);
}
