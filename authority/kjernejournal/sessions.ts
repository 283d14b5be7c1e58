// Kjernejournal Innlogging's sessions as the emulator keeps them: one per session/create, bound to
// the practitioner whose token created it, the patient, the basis, and the PKCE challenge its one-time
// code is redeemed with at the portal. A session lives while it is refreshed (idle time-out) and
// until session/end; an ended or expired session refuses the portal, refresh and end.
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';

export interface Practitioner {
  readonly pid: string;
  readonly name: string;
  readonly hprNumber?: string;
}

export interface InnloggingSession {
  readonly sessionId: string;
  readonly practitioner: Practitioner;
  readonly patient: { readonly id: string; readonly system: string };
  readonly basis: string;
  readonly authorization: string;
  readonly challenge: string;
  readonly code: string;
  /** epoch ms */
  readonly codeExpiresAt: number;
  codeUsed: boolean;
  /** epoch ms; moved on by every refresh */
  idleExpiresAt: number;
  endedAt?: number;
  refreshes: number;
  /** refreshes whose token's attest named this session's patient (NHN's reference client names none) */
  refreshesNamingPatient: number;
  /** the portal's browser cookie for this session, once the code was redeemed */
  portalCookie?: string;
}

export type SessionStatus = 'active' | 'ended' | 'expired';

export interface SessionKnobs {
  /** a session not refreshed for this long is over (our assumption; the documents give no figure) */
  idleSeconds: number;
  /** the one-time code must reach the portal within this (our assumption) */
  codeLifetimeSeconds: number;
}

export const DEFAULT_SESSION_KNOBS: SessionKnobs = { idleSeconds: 600, codeLifetimeSeconds: 60 };

const s256 = (verifier: string) => createHash('sha256').update(verifier).digest('base64url');

export class InnloggingSessions {
  readonly #byId = new Map<string, InnloggingSession>();
  readonly #now: () => number;
  readonly #knobs: () => SessionKnobs;

  constructor(now: () => number, knobs: () => SessionKnobs) {
    this.#now = now;
    this.#knobs = knobs;
  }

  create(fields: Pick<InnloggingSession, 'practitioner' | 'patient' | 'basis' | 'authorization' | 'challenge'>) {
    const now = this.#now();
    const knobs = this.#knobs();
    const session: InnloggingSession = {
      ...fields,
      sessionId: randomUUID(),
      code: randomBytes(32).toString('base64url'),
      codeExpiresAt: now + knobs.codeLifetimeSeconds * 1000,
      codeUsed: false,
      idleExpiresAt: now + knobs.idleSeconds * 1000,
      refreshes: 0,
      refreshesNamingPatient: 0,
    };
    this.#byId.set(session.sessionId, session);
    return session;
  }

  get(sessionId: string): InnloggingSession | undefined {
    return this.#byId.get(sessionId);
  }

  byCode(code: string): InnloggingSession | undefined {
    return [...this.#byId.values()].find((s) => s.code === code);
  }

  byPortalCookie(cookie: string): InnloggingSession | undefined {
    return [...this.#byId.values()].find((s) => s.portalCookie === cookie);
  }

  status(session: InnloggingSession): SessionStatus {
    if (session.endedAt !== undefined) return 'ended';
    return this.#now() >= session.idleExpiresAt ? 'expired' : 'active';
  }

  refresh(session: InnloggingSession, tokenNamedPatient: boolean): void {
    session.refreshes += 1;
    if (tokenNamedPatient) session.refreshesNamingPatient += 1;
    session.idleExpiresAt = this.#now() + this.#knobs().idleSeconds * 1000;
  }

  end(session: InnloggingSession): void {
    session.endedAt = this.#now();
  }

  /** the verifier's S256 against the challenge create was given, in constant time */
  verifierMatches(session: InnloggingSession, verifier: string): boolean {
    const a = Buffer.from(s256(verifier));
    const b = Buffer.from(session.challenge);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  codeExpired(session: InnloggingSession): boolean {
    return this.#now() >= session.codeExpiresAt;
  }

  all(): InnloggingSession[] {
    return [...this.#byId.values()];
  }
}
