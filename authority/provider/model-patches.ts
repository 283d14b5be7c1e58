// HelseID behaviours oidc-provider has no option for, patched onto its models.
// 1. HelseID binds refresh tokens to the DPoP key for confidential clients too; oidc-provider binds
//    them only for public clients. We copy the access token's jkt onto the refresh token as it is
//    saved (its refresh grant then enforces the binding: "failed jkt verification").
// 2. The `invalidateRefreshTokens` fault: every refresh token is treated as unknown.
// 3. The client assertion audiences oidc-provider lets through to our hook (client-assertion.ts,
//    which decides): also the issuer with a trailing slash, the form in HelseID's older
//    documentation example, so the legacy-audience knob can accept it.
// 4. `sid` in every ID token and access token: oidc-provider adds it only for clients registered
//    for back-channel logout.
import Provider from 'oidc-provider';
import type { Faults } from '../faults.ts';

export function patchModels(provider: Provider, faults: Faults): void {
  (provider as unknown as { Client: { prototype: { includeSid(): boolean } } }).Client.prototype.includeSid = () =>
    true;
  const context = (
    provider as unknown as {
      OIDCContext: { prototype: { clientJwtAuthExpectedAudience(this: { issuer: string }): Set<string> } };
    }
  ).OIDCContext.prototype;
  const expected = context.clientJwtAuthExpectedAudience;
  context.clientJwtAuthExpectedAudience = function withTrailingSlash(this: { issuer: string }) {
    return new Set([...expected.call(this), `${this.issuer}/`]);
  };
  const RefreshToken = provider.RefreshToken;
  const save = RefreshToken.prototype.save;
  RefreshToken.prototype.save = async function saveBound(this: { jkt?: string; save(): Promise<string> }) {
    if (!this.jkt) {
      const jkt = Provider.ctx?.oidc.entities.AccessToken?.jkt;
      if (jkt) this.jkt = jkt;
    }
    return save.call(this);
  };
  const find = RefreshToken.find.bind(RefreshToken);
  RefreshToken.find = async (id: string, options?: Record<string, unknown>) => {
    if (faults.settings.invalidateRefreshTokens && Provider.ctx?.oidc.params?.grant_type === 'refresh_token')
      return undefined;
    return find(id, options);
  };
}
