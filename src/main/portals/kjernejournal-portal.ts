// The life of one patient in Kjernejournal, opened with the card session (NHN's "Kjernejournal
// Innlogging"; flow from utviklerportal's "Autentiseringsflyt" and Tillitsrammeverk's diagrams 1–5):
//   open   → a token for nhn:kjernejournal whose client assertion names the patient
//            → session/create (PKCE challenge + claims) → the bound browser opens the portal with
//            the one-time code and the verifier (portal-launch.ts)
//   every new access token (the token store's proactive renewal) → session/refresh
//   another patient, close, lock, unit switch → session/end first, then the token is dropped
//   logout, card out, quit, another login → session/end with the last token, taken out of memory
//            with the rest of the login (auth/portal-tokens.ts onDropping)
// One patient at a time; opening another ends the first (the documents' "bytte av pasient"; NHN's
// reference client does not end it, the documents do). The patient's number lives in main only while
// the token requests need it (inside the assertion structure) and crosses to the window masked.
import { AppError } from '../../shared/errors/app-error.ts';
import type { Language } from '../../shared/ipc/settings-schema.ts';
import { nationalIdKind } from '../../shared/national-id.ts';
import type { AccessBasis } from '../../shared/portal-types.ts';
import type { BrowserBinding } from '../auth/browser-binding.ts';
import type { PortalRequest, PortalTokens } from '../auth/portal-tokens.ts';
import { maskPid } from '../auth/user-claims.ts';
import type { HelseIdConfig } from '../config/config-schema.ts';
import {
  createSessionRequest,
  endSessionRequest,
  refreshSessionRequest,
  type InnloggingConnection,
} from './innlogging-api.ts';
import { innloggingClaims, patientTrustFramework, type PatientChoice } from './patient-claims.ts';
import { kjernejournalLaunchUrl, launchInBoundBrowser, pkcePair } from './portal-launch.ts';

const PORTAL = 'kjernejournal';

export interface PortalOpenRequest {
  /** 11 digits; checked here again (the window checked it first) */
  readonly patient: string;
  readonly basis: AccessBasis;
  /** the HPR authorization chosen; may be left out when the person holds exactly one */
  readonly authorization?: string | undefined;
  /** of the loopback page the browser passes through */
  readonly language: Language;
}

export interface PortalState {
  readonly state: 'closed' | 'opening' | 'open' | 'closing';
  readonly patientMasked?: string;
  readonly basis?: AccessBasis;
  readonly authorization?: string;
}

export interface PortalService {
  readonly name: typeof PORTAL;
  state(): PortalState;
  /** the HPR authorizations the clinician may act under (a choice when more than one) */
  authorizations(): readonly string[];
  open(request: PortalOpenRequest): Promise<void>;
  /** ends the patient's portal session (the clinician closed it, locked, switched unit) */
  close(): Promise<void>;
  onChange(listener: () => void): () => void;
  /** a failure no caller waited for (a refresh refused): the window says so */
  onFailure(listener: (error: AppError) => void): () => void;
  /** session ends still on their way (quitting waits for them, bounded by the request time-out) */
  settled(): Promise<void>;
}

export interface KjernejournalPortalDeps {
  readonly config: HelseIdConfig;
  readonly tokens: PortalTokens;
  /** the logged-in person's HPR authorizations (auth: HelseID's HPR details) */
  readonly hprAuthorizations: () => readonly string[];
  /** the browser that did the login (auth/browser-binding.ts), the only one the launch reaches */
  readonly binding: BrowserBinding;
  readonly openExternal: (url: string) => Promise<void>;
  /** for X-SOURCE-SYSTEM when the configuration names none */
  readonly appVersion?: string;
  readonly log?: (line: string) => void;
  /** how long the browser has to pick the launch up (tests shorten it) */
  readonly handOffTimeoutMs?: number;
}

interface OpenPatient {
  state: PortalState['state'];
  readonly patientMasked: string;
  readonly basis: AccessBasis;
  readonly authorization: string;
  sessionId?: string;
  readonly launch: AbortController;
}

export function createKjernejournalPortal(deps: KjernejournalPortalDeps): PortalService {
  const kj = deps.config.portals.kjernejournal;
  if (kj === undefined) throw new AppError('portal-not-configured', { detail: { portal: PORTAL } });
  const log = deps.log ?? (() => {});
  const connection = (request: PortalRequest): InnloggingConnection => ({
    baseUrl: kj.innlogging_url,
    sourceSystem: kj.source_system ?? `HelseID Desktop (${deps.appVersion ?? 'development'})`,
    request,
    log,
  });
  const live = connection((url, body, headers) => deps.tokens.request(PORTAL, url, body, headers));
  const changeListeners = new Set<() => void>();
  const failureListeners = new Set<(error: AppError) => void>();
  const ends = new Set<Promise<void>>();
  let current: OpenPatient | undefined;
  // open and close one at a time: a second patient waits for the first to be ended
  let line: Promise<unknown> = Promise.resolve();
  const serially = <T>(task: () => Promise<T>): Promise<T> => {
    const run = line.then(task, task);
    line = run.catch(() => {});
    return run;
  };
  const emit = () => changeListeners.forEach((listener) => listener());
  const fail = (error: AppError) => failureListeners.forEach((listener) => listener(error));

  /** ends a session in the background with `via` (the live token, or the last one of a dropped login) */
  const endLater = (via: InnloggingConnection, sessionId: string) => {
    const ending = endSessionRequest(via, sessionId).catch((err: unknown) =>
      log(`kjernejournal: ending the session failed: ${(err as AppError).code ?? 'error'}`),
    );
    ends.add(ending);
    void ending.finally(() => ends.delete(ending));
  };

  const authorizations = (): readonly string[] => {
    const held = deps.hprAuthorizations();
    if (held.length > 0) return held;
    // no HPR details from HelseID: the configured authorization, when IT set one
    const configured = deps.config.tillitsrammeverk?.practitioner_authorization?.code;
    return configured ? [configured] : [];
  };
  const chooseAuthorization = (requested: string | undefined): string => {
    const held = authorizations();
    if (requested !== undefined && held.includes(requested)) return requested;
    if (requested === undefined && held.length === 1) return held[0]!;
    throw new AppError('portal-authorization-unknown', {
      detail: { held: held.length, problem: requested === undefined ? 'none chosen' : 'not one the person holds' },
    });
  };

  // the token store renewed the portal's token: the portal's session hears of it at once
  deps.tokens.onRenewed((portal) => {
    const open = current;
    if (portal !== PORTAL || open?.state !== 'open' || open.sessionId === undefined) return;
    refreshSessionRequest(live, open.sessionId).catch((err: unknown) => {
      const error = err instanceof AppError ? err : new AppError('portal-error');
      log(`kjernejournal: session/refresh failed: ${error.code}`);
      // a session the service no longer takes is over here too; a passing fault waits for the next renewal
      if (error.code !== 'portal-unreachable' && error.code !== 'portal-error' && current === open) {
        current = undefined;
        deps.tokens.forget(PORTAL);
        emit();
      }
      fail(error);
    });
  });

  // the login is going: end the patient's session with the token taken from it, forget everything
  deps.tokens.onDropping((last) => {
    const open = current;
    if (open === undefined) return;
    current = undefined;
    open.launch.abort();
    const request = last.get(PORTAL);
    if (open.sessionId !== undefined && request !== undefined) endLater(connection(request), open.sessionId);
    emit();
  });

  const endCurrent = async () => {
    const open = current;
    if (open === undefined) return;
    open.state = 'closing';
    open.launch.abort();
    emit();
    try {
      if (open.sessionId !== undefined) await endSessionRequest(live, open.sessionId);
    } catch (err) {
      // closed here all the same: the portal's session then runs out by itself
      log(`kjernejournal: ending the session failed: ${(err as AppError).code ?? 'error'}`);
    } finally {
      deps.tokens.forget(PORTAL);
      if (current === open) current = undefined;
      emit();
    }
  };

  const doOpen = async (request: PortalOpenRequest) => {
    const checked = nationalIdKind(request.patient);
    if ('problem' in checked) throw new AppError('portal-patient-invalid', { detail: { problem: checked.problem } });
    const choice: PatientChoice = {
      patient: request.patient,
      kind: checked.kind,
      authorization: chooseAuthorization(request.authorization),
      basis: request.basis,
    };
    await endCurrent(); // another patient: the first one's session ends before anything else
    const open: OpenPatient = {
      state: 'opening',
      patientMasked: maskPid(request.patient),
      basis: choice.basis,
      authorization: choice.authorization,
      launch: new AbortController(),
    };
    current = open;
    emit();
    try {
      await deps.tokens.open(PORTAL, patientTrustFramework(deps.config, choice));
      const { verifier, challenge } = await pkcePair();
      const created = await createSessionRequest(live, challenge, innloggingClaims(choice));
      open.sessionId = created.sessionId;
      if (current !== open) throw new AppError('portal-session-ended', { detail: { problem: 'closed while opening' } });
      const outcome = await launchInBoundBrowser({
        binding: deps.binding,
        language: request.language,
        location: kjernejournalLaunchUrl(kj.portal_url, created.code, verifier),
        openExternal: deps.openExternal,
        log,
        signal: open.launch.signal,
        ...(deps.handOffTimeoutMs === undefined ? {} : { timeoutMs: deps.handOffTimeoutMs }),
      });
      if (current !== open) throw new AppError('portal-session-ended', { detail: { problem: 'closed while opening' } });
      if (outcome === 'timeout') throw new AppError('portal-not-delivered', { retriable: true });
      open.state = 'open';
      log(`kjernejournal: patient opened (${choice.basis}, ${choice.authorization})`);
      emit();
    } catch (err) {
      if (current === open) {
        current = undefined;
        open.launch.abort();
        if (open.sessionId !== undefined) endLater(live, open.sessionId);
        // after the end request has taken its token: nothing with this patient is renewed again
        void Promise.resolve().then(() => deps.tokens.forget(PORTAL));
        emit();
      }
      throw err;
    }
  };

  return {
    name: PORTAL,
    state: () =>
      current === undefined
        ? { state: 'closed' }
        : {
            state: current.state,
            patientMasked: current.patientMasked,
            basis: current.basis,
            authorization: current.authorization,
          },
    authorizations,
    open: (request) => serially(() => doOpen(request)),
    close: () => serially(endCurrent),
    onChange(listener) {
      changeListeners.add(listener);
      return () => changeListeners.delete(listener);
    },
    onFailure(listener) {
      failureListeners.add(listener);
      return () => failureListeners.delete(listener);
    },
    settled: async () => {
      await Promise.all([...ends]);
    },
  };
}
