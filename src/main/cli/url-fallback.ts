// When no browser can be confirmed open (no desktop session, or the opener failed), the user can
// still log in: the authorization URL is printed for them to open by hand, and the login keeps
// waiting for the loopback redirect. What was printed is remembered, so the CLI never claims
// "The browser is open." when nothing opened.
import type { Language } from '../../shared/errors/error-texts.ts';
import { browserOpener, type OpenUrl } from './browser-opener.ts';
import { followBrowser } from './follow-browser.ts';

export interface FallbackOpener {
  readonly open: OpenUrl;
  /** true only after the opener itself reported success */
  opened(): boolean;
  /** the built-in follow browser: waits (at most `limitMs`) until the pages it opened came to rest */
  settled?(limitMs: number): Promise<void>;
}

/** Linux without DISPLAY or WAYLAND_DISPLAY has no desktop for xdg-open to show a browser on. */
export function hasDesktop(platform: NodeJS.Platform, env: Readonly<Record<string, string | undefined>>): boolean {
  if (platform === 'darwin' || platform === 'win32') return true;
  return Boolean(env['DISPLAY'] || env['WAYLAND_DISPLAY']);
}

export function openUrlText(url: string, language: Language): string {
  return `${language === 'nb' ? 'Åpne denne adressen i nettleseren' : 'Open this address in your browser'}: ${url}`;
}

export function withUrlFallback(
  open: OpenUrl,
  opts: { readonly canOpen: boolean; readonly language: Language; readonly print: (line: string) => void },
): FallbackOpener {
  let opened = false;
  return {
    opened: () => opened,
    open: async (url) => {
      opened = false;
      if (opts.canOpen) {
        try {
          await open(url);
          opened = true;
          return;
        } catch {
          // fall through: the user opens the address by hand
        }
      }
      opts.print(openUrlText(url, opts.language));
    },
  };
}

/**
 * What `login` and `setup` open their page with (--browser): the built-in follow browser reports its
 * own failures; a real browser may be missing (no desktop) or fail, so then the address is printed.
 */
export function commandOpener(
  choice: string | undefined,
  signal: AbortSignal,
  opts: {
    readonly language: Language;
    readonly note: (line: string) => void;
    readonly env: Readonly<Record<string, string | undefined>>;
    readonly platform?: NodeJS.Platform;
  },
): FallbackOpener {
  if (choice === 'follow') {
    const follow = followBrowser({ signal, onProblem: opts.note });
    return { open: follow, opened: () => true, settled: follow.settled };
  }
  return withUrlFallback(browserOpener(choice, signal, opts.note), {
    canOpen: (choice ?? '').trim() !== '' || hasDesktop(opts.platform ?? process.platform, opts.env),
    language: opts.language,
    print: opts.note,
  });
}
