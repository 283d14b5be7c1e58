// Setting up the workstation as its own HelseID client (NHN's "Alternativ 1", Tykklienter.md):
// key pair made here → POST /v1/client-drafts → the person confirms in the system browser → the
// answer on a one-shot loopback listener → bounded wait until HelseID knows the client → which APIs
// are ready and which wait for their owner's approval. Cancel works at every step. The store is
// written at each milestone, so a draft that never became the client is recorded (IT can delete it
// in Selvbetjening), and a confirmed client survives a crash while waiting for HelseID.
import { AppError, isAppError } from '../../shared/errors/app-error.ts';
import { createBrowserBinding, type BrowserBinding } from '../auth/browser-binding.ts';
import { launchThroughHandOff } from '../auth/browser-launch.ts';
import type { ClientRecord, KeyStoreDocument } from '../keys/client-record.ts';
import { generateClientKey } from '../keys/key-pair.ts';
import { startConfirmationListener } from './confirmation-listener.ts';
import { apiNameOfScope, draftRedirectUris, draftScopes } from './draft-contents.ts';
import { connectionDeps, provisioningOf, readApiKey, sleeper, type ProvisioningDeps } from './provisioning-deps.ts';
import { createClientDraft, getClientStatus, listClientSecrets } from './selvbetjening-api.ts';
import type { SelvbetjeningConnection } from './selvbetjening-connection.ts';
import { recordMatches } from './installation.ts';
import { waitUntilAccepted } from './wait-for-client.ts';

export type SetupStep =
  'generating-key' | 'creating-draft' | 'waiting-for-confirmation' | 'waiting-for-helseid' | 'checking-access' | 'done';

export interface ApiAccess {
  /** the API's name in the configuration ('selvbetjening' for the app's own management scope) */
  readonly name: string;
  readonly scope: string;
  readonly status: 'ok' | 'pending';
  readonly reason?: string;
}

export interface SetupResult {
  readonly clientId: string;
  readonly apis: readonly ApiAccess[];
  /** every scope ok */
  readonly ready: boolean;
  /** epoch ms, when Selvbetjening told */
  readonly keyExpiresAt?: number;
  /** the client existed already (nothing new was made) */
  readonly existing: boolean;
}

export interface SetupDeps extends ProvisioningDeps {
  readonly openExternal: (url: string) => Promise<void>;
  /**
   * which browser may get the confirmation page (browser-binding.ts: the OS user's, where a login
   * has bound one); without it, the first browser that asks — and a second one stops the set-up
   */
  readonly browserBinding?: BrowserBinding;
  /** of the page a browser sees when it is refused the confirmation page */
  readonly language?: 'nb' | 'en';
}

export interface SetupOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: (step: SetupStep, detail?: { clientId?: string; attempt?: number }) => void;
  /** make a new client even though a working one exists */
  readonly replace?: boolean;
}

const POLL_MS = 5_000;

export async function runSetup(deps: SetupDeps, options: SetupOptions = {}): Promise<SetupResult> {
  const provisioning = provisioningOf(deps.config);
  const clock = deps.clock ?? Date.now;
  const log = deps.log ?? (() => {});
  const progress = options.onProgress ?? (() => {});
  const signal = options.signal;
  const cancelled = () => new AppError('setup-cancelled', { retriable: true });
  const connection = connectionDeps(deps);
  const wait = async (clientId: string, record: ClientRecord) =>
    waitUntilAccepted(connection, clientId, await deps.keyRing.imported(record.current), {
      timeoutMs: provisioning.ready_timeout_seconds * 1000,
      intervalMs: deps.pollIntervalMs ?? POLL_MS,
      clock,
      sleep: sleeper(deps),
      step: 'helseid',
      ...(signal ? { signal } : {}),
      onAttempt: (attempt) => progress('waiting-for-helseid', { clientId, attempt }),
    });

  const existing = await deps.keyRing.client();
  if (
    recordMatches(existing, deps.config) &&
    (existing.state !== 'draft' || existing.successReportedAt !== undefined) &&
    !options.replace &&
    !expired(existing, clock())
  ) {
    // set up already (or the browser said Success and HelseID did not know the client yet when the
    // last set-up stopped): ask again, make nothing new
    log(`setup: resuming client ${existing.clientId} (${existing.state})`);
    const accepted = await wait(existing.clientId, existing);
    return finish(deps, existing.clientId, accepted, progress, true);
  }

  const apiKey = await readApiKey(provisioning.api_key_path);
  if (signal?.aborted) throw cancelled();
  progress('generating-key');
  const key = await generateClientKey(clock(), deps.modulusLength);
  const listener = await startConfirmationListener({
    timeoutMs: provisioning.confirmation_timeout_seconds * 1000,
    ...(signal ? { signal } : {}),
    log,
  });
  let clientId: string | undefined;
  // the browser reported Success: the draft (with its key) is kept for a later check, not abandoned
  let confirmed = false;
  try {
    progress('creating-draft');
    ({ clientId } = await createClientDraft(
      { apiUrl: provisioning.selvbetjening.api_url, fetch: connection.fetch },
      apiKey,
      {
        organizationNumber: provisioning.organization_number,
        publicJwk: key.publicJwk,
        apiScopes: draftScopes(deps.config),
        redirectUris: draftRedirectUris(deps.config),
        postLogoutRedirectUris: [],
        childOrganizationNumbers: provisioning.child_organization_numbers,
        postClientConfirmationRedirectUri: listener.redirectUri,
      },
      signal,
    ));
    const id = clientId;
    log(`setup: client draft ${id} created`);
    // recorded before the browser opens: a draft is never lost, whatever happens next
    await deps.keyRing.update((doc) =>
      replaceClient(
        doc,
        {
          clientId: id,
          authority: deps.config.authority.issuer,
          selvbetjening: provisioning.selvbetjening.api_url,
          organizationNumber: provisioning.organization_number,
          state: 'draft',
          createdAt: clock(),
          current: key.stored,
          renewal: { failures: 0 },
        },
        clock(),
      ),
    );

    progress('waiting-for-confirmation', { clientId: id });
    // through a one-time loopback page, not on the browser's command line (browser-launch.ts): a
    // process of another user that loads the confirmation page first stops the set-up instead of
    // deciding on the draft unseen
    const binding = deps.browserBinding ?? createBrowserBinding({});
    const launch = await launchThroughHandOff({
      binding,
      location: `${provisioning.selvbetjening.web_url}/confirm-client/${encodeURIComponent(id)}`,
      language: deps.language ?? 'nb',
      firstBrowser: !(await binding.recognises()),
      timeoutMs: provisioning.confirmation_timeout_seconds * 1000,
      log,
      purpose: 'set-up confirmation',
    });
    let status: string;
    try {
      await deps
        .openExternal(launch.url)
        .catch((err: unknown) => Promise.reject(new AppError('browser-open-failed', { retriable: true, cause: err })));
      status = await Promise.race([listener.status, launch.taken]);
    } finally {
      launch.close();
    }
    // NHN documents only Success; the emulator's Cancelled (the person pressed "Avvis") and Failed
    // (not allowed to act for the organization: no Altinn role) are our assumption — each gets its own advice
    if (status !== 'Success')
      throw new AppError(status === 'Cancelled' ? 'setup-declined' : 'setup-refused', {
        detail: { client_id: id, status },
      });
    // The redirect's ?status=Success is the browser's word — anyone who can reach 127.0.0.1 can send
    // it. The client counts as confirmed only once HelseID issues it a token and Selvbetjening
    // answers for it (finish: GET /v1/client); until then the record stays a draft that remembers the
    // claim, so a later `setup` asks again instead of making a second client.
    confirmed = true;
    const record = await deps.keyRing.update((doc) => ({
      ...doc,
      client: { ...doc.client!, successReportedAt: clock() },
    }));
    log(`setup: the browser reported the draft ${id} confirmed; asking HelseID and Selvbetjening`);
    const accepted = await wait(id, record.client!);
    return await finish(deps, id, accepted, progress, false);
  } catch (err) {
    if (clientId !== undefined && !confirmed) {
      const reason = signal?.aborted
        ? 'cancelled'
        : isAppError(err)
          ? err.code === 'setup-refused' || err.code === 'setup-declined'
            ? `refused (${String(err.detail?.['status'])})`
            : err.code
          : 'failed';
      await abandonDraft(deps, clientId, reason, clock()).catch(() =>
        log('setup: could not record the abandoned draft'),
      );
      log(`setup: draft ${clientId} abandoned (${reason})`);
    }
    if (signal?.aborted && !(isAppError(err) && (err.code === 'setup-refused' || err.code === 'setup-declined')))
      throw cancelled();
    throw err;
  } finally {
    listener.close();
  }

  function expired(record: ClientRecord, now: number): boolean {
    return record.current.expiresAt !== undefined && record.current.expiresAt <= now;
  }
}

/** HelseID knows the client: mark it ready, learn the key's expiry, ask which scopes are usable. */
async function finish(
  deps: SetupDeps,
  clientId: string,
  connection: SelvbetjeningConnection,
  progress: NonNullable<SetupOptions['onProgress']>,
  existing: boolean,
): Promise<SetupResult> {
  progress('checking-access', { clientId });
  const record = (await deps.keyRing.client())!;
  const { scopes, childOrganizationNumbers } = await getClientStatus(connection);
  const secrets = await listClientSecrets(connection).catch(() => []);
  const expiresAt = secrets.find((s) => s.kid === record.current.kid)?.expiresAt ?? record.current.expiresAt;
  await deps.keyRing.update(({ client, ...doc }) => ({
    ...doc,
    client: {
      ...withoutClaim(client!),
      state: 'ready',
      // what the client may assert as its unit: the window offers exactly these (installation.ts)
      childOrganizationNumbers,
      current: { ...client!.current, ...(expiresAt === undefined ? {} : { expiresAt }) },
    },
  }));
  const apis = scopes.map((s) => ({
    name: apiNameOfScope(deps.config, s.scope),
    scope: s.scope,
    status: s.status,
    ...(s.reason ? { reason: s.reason } : {}),
  }));
  progress('done', { clientId });
  return {
    clientId,
    apis,
    ready: apis.every((a) => a.status === 'ok'),
    existing,
    ...(expiresAt === undefined ? {} : { keyExpiresAt: expiresAt }),
  };
}

/** The new draft takes the client's place; a client it replaces is listed for IT like an abandoned draft. */
function replaceClient(doc: KeyStoreDocument, client: ClientRecord, now: number): KeyStoreDocument {
  const replaced =
    doc.client && doc.client.clientId !== client.clientId
      ? [
          {
            clientId: doc.client.clientId,
            at: now,
            reason: doc.client.state === 'draft' ? 'never confirmed' : 'replaced by a new set-up',
          },
        ]
      : [];
  return { ...doc, client, abandonedDrafts: [...doc.abandonedDrafts, ...replaced] };
}

async function abandonDraft(deps: SetupDeps, clientId: string, reason: string, now: number): Promise<void> {
  await deps.keyRing.update(({ client, ...doc }) => ({
    ...doc,
    ...(client && client.clientId !== clientId ? { client } : {}),
    abandonedDrafts: [...doc.abandonedDrafts, { clientId, at: now, reason }],
  }));
}

/** A client Selvbetjening answered for needs no "the browser said Success" any more. */
function withoutClaim({ successReportedAt: _claim, ...record }: ClientRecord): ClientRecord {
  return record;
}
