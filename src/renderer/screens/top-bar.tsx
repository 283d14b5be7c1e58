import type { Language } from '../../shared/ipc/settings-schema.ts';
import { UI_TEXT } from '../i18n.ts';

export type Page = 'main' | 'settings' | 'diagnostics';

interface Props {
  language: Language;
  page: Page;
  onPage: (page: Page) => void;
  onLanguage: (language: Language) => void;
}

/**
 * Title, the settings and diagnostics pages, and the language switch. The switch names the other
 * language in that language; its accessible name starts with that visible word (WCAG 2.5.3).
 */
export function TopBar({ language, page, onPage, onLanguage }: Props) {
  const t = UI_TEXT[language];
  const other: Language = language === 'nb' ? 'en' : 'nb';
  return (
    <header class="topbar">
      <h1>{t.appTitle}</h1>
      <nav class="topbar-actions" aria-label={t.menu}>
        {page !== 'main' && (
          <button type="button" class="link" data-testid="nav-back" onClick={() => onPage('main')}>
            {t.back}
          </button>
        )}
        <button
          type="button"
          class="link"
          data-testid="nav-settings"
          aria-current={page === 'settings' ? 'page' : undefined}
          onClick={() => onPage('settings')}
        >
          {t.settings}
        </button>
        <button
          type="button"
          class="link"
          data-testid="nav-diagnostics"
          aria-current={page === 'diagnostics' ? 'page' : undefined}
          onClick={() => onPage('diagnostics')}
        >
          {t.diagnostics}
        </button>
        <button
          type="button"
          class="link"
          data-testid="language-switch"
          aria-label={`${t.language} (${t.languageLabel})`}
          onClick={() => onLanguage(other)}
        >
          <span lang={other}>{t.language}</span>
        </button>
      </nav>
    </header>
  );
}
