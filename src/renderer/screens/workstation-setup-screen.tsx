import { Fragment } from 'preact';
import { errorText } from '../../shared/errors/error-texts.ts';
import type { Language } from '../../shared/ipc/settings-schema.ts';
import type { WorkstationSetupStep, WorkstationSetupView } from '../../shared/ipc/view-schemas.ts';
import { useFocusOnMount } from '../focus.ts';
import { SETUP_TEXT } from '../setup-texts.ts';

const STEPS: readonly WorkstationSetupStep[] = [
  'generating-key',
  'creating-draft',
  'waiting-for-confirmation',
  'waiting-for-helseid',
  'checking-access',
];

interface Props {
  setup: WorkstationSetupView;
  language: Language;
  onStart: () => void;
  onCancel: () => void;
  onContinue: () => void;
  onDiagnostics: () => void;
}

/**
 * "Sett opp denne arbeidsstasjonen": what will happen, then the steps (forward only) with Cancel at
 * each, and the end: which services are ready and which wait for their owner's approval — or why it
 * stopped, in the error table's words, with "Prøv igjen".
 */
export function WorkstationSetupScreen({ setup, language, onStart, onCancel, onContinue, onDiagnostics }: Props) {
  const t = SETUP_TEXT[language];
  // a new heading per state, so keyboard and screen-reader users land on what changed
  return (
    <Panel
      key={setup.state === 'cancelling' ? 'running' : setup.state}
      {...{ setup, language, onStart, onCancel, onContinue, onDiagnostics, t }}
    />
  );
}

function Panel({
  setup,
  language,
  onStart,
  onCancel,
  onContinue,
  onDiagnostics,
  t,
}: Props & { t: (typeof SETUP_TEXT)['nb'] }) {
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const state = setup.state;
  const title =
    state === 'done'
      ? t.done
      : state === 'failed'
        ? errorText(setup.error?.code ?? 'internal', language, setup.error?.detail).title
        : t.title;
  return (
    <section
      class={`panel workstation-setup setup-${state}`}
      data-screen="workstation-setup"
      data-setup-state={state}
      aria-labelledby="screen-title"
      aria-busy={state === 'running' || state === 'cancelling' ? 'true' : undefined}
    >
      <h2 id="screen-title" tabIndex={-1} ref={heading}>
        {title}
      </h2>
      {(state === 'intro' || state === 'cancelled') && <Intro setup={setup} t={t} onStart={onStart} />}
      {(state === 'running' || state === 'cancelling') && <Progress setup={setup} t={t} onCancel={onCancel} />}
      {state === 'failed' && (
        <Failed setup={setup} language={language} t={t} onStart={onStart} onDiagnostics={onDiagnostics} />
      )}
      {state === 'done' && <Done setup={setup} t={t} onContinue={onContinue} />}
    </section>
  );
}

type T = (typeof SETUP_TEXT)['nb'];

function Intro({ setup, t, onStart }: { setup: WorkstationSetupView; t: T; onStart: () => void }) {
  return (
    <>
      {setup.state === 'cancelled' && (
        <div role="status" data-testid="setup-cancelled" class="setup-notice">
          <p>{t.cancelled}</p>
          {setup.draftRecorded && (
            <p data-testid="setup-draft-recorded">{t.draftRecorded.replace('{client}', setup.clientId ?? '')}</p>
          )}
        </div>
      )}
      <p>{t.intro}</p>
      <ol class="setup-what">
        {t.what.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ol>
      <div class="actions">
        <button type="button" class="primary" data-testid="setup-start" onClick={onStart}>
          {setup.state === 'cancelled' ? t.retry : t.start}
        </button>
      </div>
    </>
  );
}

function Progress({ setup, t, onCancel }: { setup: WorkstationSetupView; t: T; onCancel: () => void }) {
  const step = setup.step ?? 'generating-key';
  const index = Math.max(0, STEPS.indexOf(step));
  const cancelling = setup.state === 'cancelling';
  return (
    <>
      <progress
        max={STEPS.length}
        value={index + 1}
        aria-label={t.stepOf.replace('{n}', String(index + 1)).replace('{total}', String(STEPS.length))}
      />
      <ol class="setup-steps">
        {STEPS.map((s, i) => (
          <li
            key={s}
            data-step={s}
            class={i < index ? 'step-done' : i === index ? 'step-current' : 'step-later'}
            aria-current={i === index ? 'step' : undefined}
          >
            {t.steps[s]}
          </li>
        ))}
      </ol>
      <p role="status" data-testid="setup-status" data-setup-step={step}>
        {cancelling ? t.cancelling : t.steps[step]}
      </p>
      <button type="button" data-testid="setup-cancel" onClick={onCancel} disabled={cancelling}>
        {cancelling ? t.cancelling : t.cancel}
      </button>
    </>
  );
}

function Failed({
  setup,
  language,
  t,
  onStart,
  onDiagnostics,
}: {
  setup: WorkstationSetupView;
  language: Language;
  t: T;
  onStart: () => void;
  onDiagnostics: () => void;
}) {
  const text = errorText(setup.error?.code ?? 'internal', language, setup.error?.detail);
  return (
    <>
      <div role="alert" data-testid="setup-error" data-error-code={setup.error?.code}>
        <p>{text.what}</p>
        <p>
          <strong>{t.whatToDo}: </strong>
          {text.todo}
        </p>
        {setup.draftRecorded && (
          <p data-testid="setup-draft-recorded">{t.draftRecorded.replace('{client}', setup.clientId ?? '')}</p>
        )}
      </div>
      {/* the rule that failed, for IT (operation, status, the server's own words): never in the text above */}
      <details class="it-details" data-testid="setup-error-details">
        <summary>{t.detailsForIt}</summary>
        <dl>
          <dt>{t.errorCode}</dt>
          <dd>{setup.error?.code ?? 'internal'}</dd>
          {Object.entries(setup.error?.detail ?? {}).map(([key, value]) => (
            <Fragment key={key}>
              <dt>{t.detailLabels[key] ?? key}</dt>
              {/* Selvbetjening's own words and answer values ("Cancelled") are English: a quote, for IT */}
              <dd
                data-detail={key}
                lang={
                  key === 'description' || key === 'title' || (key === 'status' && typeof value === 'string')
                    ? 'en'
                    : undefined
                }
              >
                {String(value)}
              </dd>
            </Fragment>
          ))}
        </dl>
      </details>
      <div class="actions">
        <button type="button" class="primary" data-testid="setup-start" onClick={onStart}>
          {t.retry}
        </button>
        <button type="button" data-testid="open-diagnostics" onClick={onDiagnostics}>
          {SETUP_DIAGNOSTICS[language]}
        </button>
      </div>
    </>
  );
}

const SETUP_DIAGNOSTICS: Record<Language, string> = {
  nb: 'Åpne feilsøkingsrapporten',
  en: 'Open the troubleshooting report',
};

function Done({ setup, t, onContinue }: { setup: WorkstationSetupView; t: T; onContinue: () => void }) {
  const apis = setup.apis ?? [];
  const pending = apis.some((a) => a.status === 'pending');
  const label = (a: { name: string; displayName: string }) =>
    a.name === 'selvbetjening' && a.displayName === a.name ? t.selvbetjening : a.displayName;
  return (
    <>
      <p role="status">{t.doneIntro.replace('{client}', setup.clientId ?? '')}</p>
      <h3>{t.services}</h3>
      <ul class="setup-apis plain">
        {apis.map((a) => (
          <li
            key={a.name}
            data-api={a.name}
            data-api-status={a.status}
            class={`api-status ${a.status === 'ok' ? 'api-status-ready' : 'api-status-pending-approval'}`}
          >
            <strong>{label(a)}</strong>: {a.status === 'ok' ? t.ready : t.pending}
          </li>
        ))}
      </ul>
      <p class="muted">{pending ? t.pendingHelp : t.allReady}</p>
      <div class="actions">
        <button type="button" class="primary" data-testid="setup-continue" onClick={onContinue}>
          {t.continue}
        </button>
      </div>
    </>
  );
}
