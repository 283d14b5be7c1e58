// The HelseID session's side of a national portal (config `portals`; the portal's own protocol is in
// src/main/portals): the portal's access token comes from the session's one refresh token like an
// API's, but only while a patient is open, and EVERY request for it — the first and each renewal —
// carries the structure the portal layer built for that patient in its client assertion (HelseID's
// Tillitsrammeverk "flow 2": the attest is in the token of that one response only). Calls to the
// portal's service go out from here with the token (Authorization: DPoP + a proof with ath), so the
// token itself never leaves src/main/auth.
import * as oidc from 'openid-client';
import { AppError } from '../../shared/errors/app-error.ts';
import { portalTokenName } from './authorization-request.ts';
import type { HelseIdSession } from './session.ts';
import type { ApiToken } from './token-store.ts';

/** One request to a portal's service: POST with a JSON body (what Kjernejournal Innlogging takes). */
export type PortalRequest = (url: URL, body: string, headers: Headers) => Promise<Response>;

export interface PortalTokens {
  /**
   * A new token for `portal` whose requests — this one and every renewal until forget() — carry
   * `details` (the patient's Tillitsrammeverk structure) in the client assertion.
   */
  open(portal: string, details: object): Promise<{ readonly expiresAt: number }>;
  /** the patient is closed: the token is dropped now and never renewed with those claims again */
  forget(portal: string): void;
  /** the token store renewed a portal's token (proactive refresh): its session must be refreshed too */
  onRenewed(listener: (portal: string) => void): () => void;
  /** POSTs to the portal's service with its current token */
  request(portal: string, url: URL, body: string, headers: Headers): Promise<Response>;
  /**
   * The login is being dropped (logout, card removal, quit, a new login): each listener gets, at once
   * and before the tokens leave memory, one last request per portal that holds a token — to end the
   * portal's session — with that token taken out of the store.
   */
  onDropping(listener: (last: ReadonlyMap<string, PortalRequest>) => void): () => void;
}

export interface PortalTokensInternal extends PortalTokens {
  /** helseid-client.ts: the store renewed the token named `apiName` */
  renewed(apiName: string): void;
  /** helseid-client.ts: called synchronously while the session is dropped, before its store is cleared */
  dropping(session: HelseIdSession): void;
}

export function createPortalTokens(current: () => HelseIdSession): PortalTokensInternal {
  const renewedListeners = new Set<(portal: string) => void>();
  const droppingListeners = new Set<(last: ReadonlyMap<string, PortalRequest>) => void>();
  const portalOf = (apiName: string) => (apiName.startsWith('portal:') ? apiName.slice('portal:'.length) : undefined);
  const resourceOf = (session: HelseIdSession, portal: string) => {
    const api = session.store.api(portalTokenName(portal));
    if (api === undefined) throw new AppError('portal-not-configured', { detail: { portal } });
    return api.resource;
  };

  const send = async (
    session: Pick<HelseIdSession, 'oidc' | 'dpop'>,
    token: string,
    url: URL,
    body: string,
    headers: Headers,
  ) => {
    try {
      return await oidc.fetchProtectedResource(session.oidc, token, url, 'POST', body, headers, {
        DPoP: session.dpop.handle,
      });
    } catch (err) {
      // a refusal with a WWW-Authenticate challenge is an answer like any other: the portal layer reads it
      if (err instanceof oidc.WWWAuthenticateChallengeError) return err.response;
      throw err;
    }
  };

  return {
    async open(portal, details) {
      const session = current();
      const name = portalTokenName(portal);
      // the previous patient's token is never renewed with the new claims, nor used for them
      session.store.forget(name);
      session.resourceDetails.set(resourceOf(session, portal), details);
      const token = await session.store.refresh(name);
      return { expiresAt: token.expiresAt };
    },

    forget(portal) {
      let session: HelseIdSession;
      try {
        session = current();
      } catch {
        return; // no session: nothing is held
      }
      const api = session.store.api(portalTokenName(portal));
      if (api === undefined) return;
      session.resourceDetails.delete(api.resource);
      session.store.forget(api.name);
    },

    onRenewed(listener) {
      renewedListeners.add(listener);
      return () => renewedListeners.delete(listener);
    },

    async request(portal, url, body, headers) {
      const session = current();
      const token: ApiToken = await session.store.token(portalTokenName(portal));
      return send(session, token.accessToken, url, body, headers);
    },

    onDropping(listener) {
      droppingListeners.add(listener);
      return () => droppingListeners.delete(listener);
    },

    renewed(apiName) {
      const portal = portalOf(apiName);
      if (portal === undefined) return;
      for (const listener of renewedListeners) listener(portal);
    },

    dropping(session) {
      const last = new Map<string, PortalRequest>();
      for (const [apiName, token] of session.store.heldTokens()) {
        const portal = portalOf(apiName);
        if (portal === undefined) continue;
        // the closure is the only holder of this token once the store is cleared, and it is used once
        let accessToken: string | undefined = token.accessToken;
        last.set(portal, (url, body, headers) => {
          const once = accessToken;
          accessToken = undefined;
          if (once === undefined) return Promise.reject(new AppError('portal-session-ended'));
          return send(session, once, url, body, headers);
        });
      }
      session.resourceDetails.clear();
      // told even with no token held: whatever a portal kept about the login is over too
      for (const listener of droppingListeners) listener(last);
    },
  };
}
