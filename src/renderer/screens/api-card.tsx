import { useEffect, useState } from 'preact/hooks';
import type { Language } from '../../shared/errors/error-texts.ts';
import type { ApiView } from '../../shared/ipc/view-schemas.ts';
import { UI_TEXT } from '../i18n.ts';

export function ApiCard({ api, language, onCall }: { api: ApiView; language: Language; onCall: () => void }) {
  const t = UI_TEXT[language];
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const left = api.expiresAt ? Math.max(0, Math.round((api.expiresAt - now) / 1000)) : undefined;
  return (
    <li class="api" data-api={api.name}>
      <h3>{api.name}</h3>
      <dl>
        <dt>{t.audience}</dt>
        <dd>{api.audience}</dd>
        <dt>{t.scopes}</dt>
        <dd>{api.scopes.join(' ')}</dd>
        <dt>{t.expires}</dt>
        <dd data-testid="api-expires">{left === undefined ? t.noToken : `${left} ${t.seconds}`}</dd>
      </dl>
      <button type="button" onClick={onCall}>{t.call}</button>
      {api.lastCall && (
        <div class="result">
          <h4>{t.result}: HTTP {api.lastCall.status}</h4>
          <pre data-testid="api-result">{JSON.stringify(api.lastCall.body, null, 2)}</pre>
        </div>
      )}
    </li>
  );
}
