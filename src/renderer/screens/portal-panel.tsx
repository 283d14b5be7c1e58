import { useRef, useState } from 'preact/hooks';
import type { Language } from '../../shared/ipc/settings-schema.ts';
import type { PortalView } from '../../shared/ipc/view-schemas.ts';
import { nationalIdKind, type NationalIdProblem } from '../../shared/national-id.ts';
import { ACCESS_BASES, type AccessBasis } from '../../shared/portal-types.ts';
import { authorizationName, PORTAL_TEXT } from '../portal-texts.ts';

export interface PortalOpenRequest {
  readonly patient: string;
  readonly basis: AccessBasis;
  readonly authorization?: string;
}

interface Props {
  portal: PortalView;
  language: Language;
  /** resolves with the command's result: `ok` once the browser has the portal */
  onOpen: (request: PortalOpenRequest) => Promise<{ readonly ok: boolean }>;
  onClose: () => Promise<{ readonly ok: boolean }>;
}

/**
 * "Åpne Kjernejournal": the patient's number (checked here by the same rule main applies, and sent
 * once; the field is emptied once the patient is open, and main only ever shows it masked), the
 * access basis in the portal's words with what each requires, and — when the person holds more
 * than one — the HPR authorization they act under. The open patient is shown masked, with "Lukk".
 */
export function PortalPanel({ portal, language, onOpen, onClose }: Props) {
  const t = PORTAL_TEXT[language];
  const [patient, setPatient] = useState('');
  const [basis, setBasis] = useState<AccessBasis | undefined>(undefined);
  const [authorization, setAuthorization] = useState('');
  const [problem, setProblem] = useState<NationalIdProblem | undefined>(undefined);
  const [basisMissing, setBasisMissing] = useState(false);
  const [authorizationMissing, setAuthorizationMissing] = useState(false);
  const [busy, setBusy] = useState(false);
  const patientInput = useRef<HTMLInputElement>(null);
  const status = useRef<HTMLParagraphElement>(null);
  const choose = portal.authorizations.length > 1;
  const opening = portal.state === 'opening';
  const closing = portal.state === 'closing';

  const submit = async (event: Event) => {
    event.preventDefault();
    if (busy || opening || closing) return;
    const checked = nationalIdKind(patient);
    const wrong = 'problem' in checked ? checked.problem : undefined;
    setProblem(wrong);
    setBasisMissing(basis === undefined);
    setAuthorizationMissing(choose && authorization === '');
    if (wrong) return patientInput.current?.focus();
    if (basis === undefined) return document.getElementById('portal-basis-SAMTYKKE')?.focus();
    if (choose && authorization === '') return document.getElementById('portal-authorization')?.focus();
    setBusy(true);
    try {
      const result = await onOpen({ patient, basis, ...(choose && authorization ? { authorization } : {}) });
      if (result.ok) {
        // the number does not stay in the window once the patient is open, and the next patient's
        // basis (and authorization) is chosen for that patient, not carried over
        setPatient('');
        setBasis(undefined);
        setAuthorization('');
        status.current?.focus();
      }
    } finally {
      setBusy(false);
    }
  };

  const close = async () => {
    if (busy || closing) return;
    setBusy(true);
    try {
      await onClose();
    } finally {
      setBusy(false);
    }
  };

  const describedBy = ['portal-patient-help', problem ? 'portal-patient-problem' : ''].filter(Boolean).join(' ');
  return (
    <section class="panel portal" aria-labelledby="portal-title" data-testid="portal" data-state={portal.state}>
      <h2 id="portal-title">{t.title}</h2>
      <p class="muted">{t.intro}</p>
      {portal.patientMasked && (portal.state === 'open' || closing) && (
        <div class="portal-open">
          <p role="status" tabIndex={-1} ref={status} data-testid="portal-open-patient">
            {t.openPatient}: <strong>{portal.patientMasked}</strong>
            {portal.basis && ` (${t.bases[portal.basis].short})`}
          </p>
          {choose && portal.authorization && (
            <p class="muted">
              {t.authorization}: {authorizationName(portal.authorization, language)}
            </p>
          )}
          <p class="muted">{t.openInBrowser}</p>
          <button type="button" onClick={() => void close()} aria-disabled={busy || closing || undefined}>
            {closing ? t.closing : t.close}
          </button>
        </div>
      )}
      <form class="portal-form" noValidate onSubmit={submit}>
        <label for="portal-patient">{t.patient}</label>
        <input
          id="portal-patient"
          ref={patientInput}
          type="text"
          inputMode="numeric"
          autoComplete="off"
          maxLength={11}
          aria-invalid={problem ? true : undefined}
          aria-describedby={describedBy}
          value={patient}
          onInput={(e) => {
            setPatient((e.target as HTMLInputElement).value.trim());
            if (problem) setProblem(undefined);
          }}
        />
        <p class="muted" id="portal-patient-help">
          {t.patientHelp}
        </p>
        {problem && (
          <p class="field-error" id="portal-patient-problem" role="alert" data-problem={problem}>
            {t.problems[problem]}
          </p>
        )}
        <fieldset aria-describedby="portal-basis-logged">
          <legend>{t.basis}</legend>
          {ACCESS_BASES.map((code) => (
            <div class="portal-basis" key={code}>
              <input
                type="radio"
                id={`portal-basis-${code}`}
                name="portal-basis"
                value={code}
                checked={basis === code}
                aria-describedby={`portal-basis-${code}-help`}
                onChange={() => {
                  setBasis(code);
                  setBasisMissing(false);
                }}
              />
              <label for={`portal-basis-${code}`}>{t.bases[code].label}</label>
              <p class="muted" id={`portal-basis-${code}-help`}>
                {t.bases[code].help}
              </p>
            </div>
          ))}
          <p class="muted" id="portal-basis-logged">
            {t.basisLogged}
          </p>
          {basisMissing && (
            <p class="field-error" role="alert">
              {t.basisMissing}
            </p>
          )}
        </fieldset>
        {choose && (
          <>
            <label for="portal-authorization">{t.authorization}</label>
            <select
              id="portal-authorization"
              value={authorization}
              aria-invalid={authorizationMissing || undefined}
              aria-describedby={authorizationMissing ? 'portal-authorization-missing' : undefined}
              onChange={(e) => {
                setAuthorization((e.target as HTMLSelectElement).value);
                setAuthorizationMissing(false);
              }}
            >
              <option value="">{t.authorizationChoose}</option>
              {portal.authorizations.map((code) => (
                <option key={code} value={code}>
                  {authorizationName(code, language)}
                </option>
              ))}
            </select>
            {authorizationMissing && (
              <p class="field-error" id="portal-authorization-missing" role="alert">
                {t.authorizationMissing}
              </p>
            )}
          </>
        )}
        {portal.state === 'open' && <p class="muted">{t.openAnother}</p>}
        {/* never `disabled` while busy: a disabled control drops keyboard focus to the page */}
        <button type="submit" class="primary" aria-disabled={busy || opening || closing || undefined}>
          {opening ? t.opening : t.open}
        </button>
      </form>
    </section>
  );
}
