import { apiAnswerCode, apiStatusOf } from '../../shared/api-status.ts';
import type { ApiStatus } from '../../shared/api-status.ts';
import { errorText } from '../../shared/errors/error-texts.ts';
import type { Language } from '../../shared/ipc/settings-schema.ts';
import type { ApiView } from '../../shared/ipc/view-schemas.ts';
import { UI_TEXT } from '../i18n.ts';
import type { UiText } from '../i18n.ts';

const STATUS_TEXT: Record<ApiStatus, { label: keyof UiText; help: keyof UiText }> = {
  ready: { label: 'apiReady', help: 'apiReadyHelp' },
  fetching: { label: 'apiFetching', help: 'apiFetchingHelp' },
  'pending-approval': { label: 'apiPending', help: 'apiPendingHelp' },
  'no-access': { label: 'apiNoAccess', help: 'apiNoAccessHelp' },
  'not-responding': { label: 'apiNotResponding', help: 'apiNotRespondingHelp' },
};

/**
 * One service as a clinician reads it: its name, what it is for, whether it is ready and what to do
 * if not, and a way to try it. Audience, scopes, expiry and the raw answer are for IT, in a part
 * that is closed until someone opens it.
 */
export function ApiCard({ api, language, onCall }: { api: ApiView; language: Language; onCall: () => void }) {
  const t = UI_TEXT[language];
  const status = apiStatusOf(api);
  const titleId = `api-${api.name}`;
  const call = api.lastCall;
  // what the last try said, in words: the error table by code, or by the answer's HTTP status
  const answerCode = call?.error?.code ?? (call ? apiAnswerCode(call.status) : undefined);
  const answer = answerCode ? errorText(answerCode, language, call?.error?.detail) : undefined;
  return (
    <li class="api" data-api={api.name} data-state={api.state} data-status={status} aria-labelledby={titleId}>
      <h3 id={titleId}>{api.displayName}</h3>
      {api.purpose && <p class="muted api-purpose">{api.purpose}</p>}
      <p class={`api-status api-status-${status}`} data-testid="api-status">
        <strong>{t[STATUS_TEXT[status].label]}</strong>
        {/* the help once: when the last try's answer below says it, the status line does not repeat it */}
        {status !== 'ready' && !answer && <> – {t[STATUS_TEXT[status].help]}</>}
      </p>
      <button type="button" aria-label={`${t.call}: ${api.displayName}`} onClick={onCall}>
        {t.call}
      </button>
      {call && (
        <p
          class={answer ? 'api-answer api-answer-error' : 'api-answer'}
          role="status"
          data-testid={answer ? 'api-error' : 'api-result'}
        >
          {answer ? (
            <>
              <strong>{answer.title}.</strong> {answer.what} {answer.todo}
            </>
          ) : (
            t.apiAnswerOk
          )}
        </p>
      )}
      <details class="it-details" data-testid="api-details">
        {/* one toggle per service: the service's name makes each one's name its own for a screen reader */}
        <summary>
          {t.detailsForIt}
          <span class="visually-hidden">: {api.displayName}</span>
        </summary>
        <dl>
          <dt>{t.technicalName}</dt>
          <dd>{api.name}</dd>
          <dt>{t.audience}</dt>
          <dd data-testid="api-audience">{api.audience}</dd>
          <dt>{t.scopes}</dt>
          <dd data-testid="api-scopes">{api.scopes.join(' ')}</dd>
          <dt>{t.expires}</dt>
          <dd data-testid="api-expires">{api.expiresAt === undefined ? t.noToken : clockTime(api.expiresAt)}</dd>
          {api.errorCode && (
            <>
              <dt>{t.tokenError}</dt>
              <dd>{[api.errorCode, api.errorReason].filter(Boolean).join(', ')}</dd>
            </>
          )}
          {call && (
            <>
              <dt>{t.result}</dt>
              <dd>{call.status === 0 ? call.error?.code : `HTTP ${call.status}`}</dd>
            </>
          )}
        </dl>
        {call && call.status !== 0 && (
          <pre data-testid="api-body" tabIndex={0} aria-label={`${t.result}: ${api.displayName}`}>
            {JSON.stringify(call.body, null, 2)}
          </pre>
        )}
      </details>
    </li>
  );
}

/** 'kl. 14:05:09' style: the local time the token runs out (it is refreshed before then). */
function clockTime(epochMs: number): string {
  const d = new Date(epochMs);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}
