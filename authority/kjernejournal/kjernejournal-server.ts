// The emulated Kjernejournal: its login service (Innlogging API) and its portal, each on its own
// 127.0.0.1 port, as production has two hosts (innlogging.… and the portal's …/hpp-webapp). Faults:
// the `kjernejournal` endpoint knobs and the global latency apply to both.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Faults } from '../faults.ts';
import { maskPid } from '../interactions/national-id.ts';
import { onServerClock } from '../server-clock.ts';
import { innloggingApi } from './innlogging-api.ts';
import { kjernejournalPortal, PORTAL_PATH } from './portal.ts';
import { DEFAULT_SESSION_KNOBS, InnloggingSessions, type SessionKnobs } from './sessions.ts';

export interface KjernejournalOptions {
  readonly issuer: string;
  readonly jwksUri: string;
  readonly faults: Faults;
  readonly log: (line: string) => void;
  readonly apiPort?: number | undefined;
  readonly portalPort?: number | undefined;
  readonly knobs?: Partial<SessionKnobs> | undefined;
  /** the sessions' clock (tests pass a fake one); default the servers' (fault-offset) clock */
  readonly now?: (() => number) | undefined;
}

/** EnvironmentInfo's `portals.kjernejournal` (CONTRACT: the app's embedded configuration reads these names). */
export interface KjernejournalInfo {
  /** the Innlogging API's base: <innlogging_url>/api/session/create */
  readonly innlogging_url: string;
  /** the portal's base: <portal_url>/hentpasient.html */
  readonly portal_url: string;
}

/** What a test may see of a session: never the code, the challenge or the whole patient number. */
export interface SessionSummary {
  readonly sessionId: string;
  readonly status: 'active' | 'ended' | 'expired';
  readonly patientMasked: string;
  readonly basis: string;
  readonly authorization: string;
  readonly practitionerHpr: string | undefined;
  readonly refreshes: number;
  /** refreshes whose token named the session's patient in its attest */
  readonly refreshesNamingPatient: number;
  readonly codeUsed: boolean;
}

export interface KjernejournalControl {
  set(knobs: Partial<SessionKnobs>): void;
  sessions(): SessionSummary[];
}

async function listen(handler: (req: IncomingMessage, res: ServerResponse) => void, port: number | undefined) {
  const server = createServer(handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port ?? 0, '127.0.0.1', () => resolve());
  });
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

export async function startKjernejournal(o: KjernejournalOptions) {
  let knobs: SessionKnobs = { ...DEFAULT_SESSION_KNOBS, ...o.knobs };
  const sessions = new InnloggingSessions(o.now ?? (() => o.faults.now()), () => knobs);
  const api = innloggingApi({ issuer: o.issuer, jwksUri: o.jwksUri, faults: o.faults, sessions, log: o.log });
  const portal = kjernejournalPortal(sessions, o.log);
  const bases = { api: '', portal: '' };
  const serve =
    (
      handle: (req: IncomingMessage, res: ServerResponse, base: string) => Promise<void> | void,
      which: 'api' | 'portal',
    ) =>
    (req: IncomingMessage, res: ServerResponse) =>
      onServerClock(
        () => o.faults.offsetMs(),
        () =>
          void (async () => {
            await o.faults.delay();
            if (await o.faults.apply('kjernejournal', req, res)) return;
            await handle(req, res, bases[which]);
          })().catch((err: unknown) => {
            o.log(`kjernejournal ${which} failed: ${(err as Error).message}`);
            if (!res.headersSent) res.writeHead(500).end();
          }),
      );
  const apiServer = await listen(serve(api, 'api'), o.apiPort);
  const portalServer = await listen(serve(portal, 'portal'), o.portalPort);
  bases.api = apiServer.base;
  bases.portal = portalServer.base;
  const info: KjernejournalInfo = { innlogging_url: apiServer.base, portal_url: `${portalServer.base}${PORTAL_PATH}` };
  const control: KjernejournalControl = {
    set: (changes) => (knobs = { ...knobs, ...changes }),
    sessions: () =>
      sessions.all().map((s) => ({
        sessionId: s.sessionId,
        status: sessions.status(s),
        patientMasked: maskPid(s.patient.id),
        basis: s.basis,
        authorization: s.authorization,
        practitionerHpr: s.practitioner.hprNumber,
        refreshes: s.refreshes,
        refreshesNamingPatient: s.refreshesNamingPatient,
        codeUsed: s.codeUsed,
      })),
  };
  const close = async () => {
    for (const { server } of [apiServer, portalServer]) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  };
  return { info, control, close };
}
