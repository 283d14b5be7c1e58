import { useEffect, useState } from 'preact/hooks';
import { errorText } from '../../shared/errors/error-texts.ts';
import type { Language } from '../../shared/ipc/settings-schema.ts';
import type { ApiView } from '../../shared/ipc/view-schemas.ts';
import { UI_TEXT } from '../i18n.ts';

/** One API: its token's single audience, scopes and time left (never the token), a call and its answer. */
export function ApiCard({ api, language, onCall }: { api: ApiView; language: Language; onCall: () => void }) {
  const t = UI_TEXT[language];
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const left = api.expiresAt ? Math.max(0, Math.round((api.expiresAt - now) / 1000)) : undefined;
  const titleId = `api-${api.name}`;
  // after login the other APIs' tokens arrive in the background: say so rather than "no access"
  const tokenText = api.state === 'fetching' ? t.gettingAccess
    : api.state === 'error' && left === undefined ? t.accessFailed
    : left === undefined ? t.noToken : `${left} ${t.seconds}`;
  const callError = api.lastCall?.error ? errorText(api.lastCall.error.code, language, api.lastCall.error.detail) : undefined;
  return (
    <li class="api" data-api={api.name} data-state={api.state} aria-labelledby={titleId}>
      <h3 id={titleId}>{api.name}</h3>
      <dl>
        <dt>{t.audience}</dt>
        <dd data-testid="api-audience">{api.audience}</dd>
        <dt>{t.scopes}</dt>
        <dd data-testid="api-scopes">{api.scopes.join(' ')}</dd>
        <dt>{t.expires}</dt>
        <dd data-testid="api-expires">{tokenText}</dd>
      </dl>
      <button type="button" aria-label={`${t.call}: ${api.name}`} onClick={onCall}>{t.call}</button>
      {api.lastCall && (
        <div class="result">
          <h4>{t.result}: {api.lastCall.status === 0 ? callError?.title : `HTTP ${api.lastCall.status}`}</h4>
          {callError ? <p data-testid="api-error">{callError.what} {callError.todo}</p> : <pre data-testid="api-result" tabIndex={0}>{JSON.stringify(api.lastCall.body, null, 2)}</pre>}
        </div>
      )}
    </li>
  );
}
