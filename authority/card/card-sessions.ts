// One card login per request_uri: created when the browser reaches the emulated Buypass/Commfides
// page, it holds the challenges issued to the desktop app and, once a Web eID token verified, the
// person. Only the newest challenge is live; older ones are kept to name the exact failure.
import { randomBytes } from 'node:crypto';
import type { TrustedFamily } from './trust.ts';
import { LIFETIMES } from '../settings.ts';

export type ChallengeState = 'active' | 'used' | 'superseded';

export interface Challenge {
  value: string;
  issuedAt: number;
  state: ChallengeState;
}

export interface CardSession {
  requestUri: string;
  interactionUid: string;
  family: TrustedFamily;
  challenges: Challenge[];
  authenticatedPid?: string;
  lastError?: string;
}

export class CardSessions {
  readonly #byRequestUri = new Map<string, CardSession>();

  /** The browser reached the card page: from now on the app may fetch challenges. */
  browserArrived(requestUri: string, interactionUid: string, family: TrustedFamily): CardSession {
    let session = this.#byRequestUri.get(requestUri);
    if (!session || session.interactionUid !== interactionUid) {
      session = { requestUri, interactionUid, family, challenges: [] };
      this.#byRequestUri.set(requestUri, session);
    }
    return session;
  }

  get(requestUri: string): CardSession | undefined {
    return this.#byRequestUri.get(requestUri);
  }

  byInteraction(uid: string): CardSession | undefined {
    for (const s of this.#byRequestUri.values()) if (s.interactionUid === uid) return s;
    return undefined;
  }

  issueChallenge(session: CardSession, now: number): Challenge {
    for (const c of session.challenges) if (c.state === 'active') c.state = 'superseded';
    const challenge: Challenge = { value: randomBytes(32).toString('base64'), issuedAt: now, state: 'active' };
    session.challenges.push(challenge);
    if (session.challenges.length > 20) session.challenges.shift();
    return challenge;
  }

  /** Why a challenge that a signature matched may not be used, or undefined when it may. */
  static refusal(challenge: Challenge, now: number): string | undefined {
    if (challenge.state === 'used') return 'challenge already used';
    if (challenge.state === 'superseded') return 'challenge superseded by a newer one';
    if (now - challenge.issuedAt > LIFETIMES.cardChallenge * 1000) return 'challenge expired';
    return undefined;
  }
}
