// Consent is implicit in HelseID for a registered client: the emulator grants exactly what the
// authorization request asked for — OpenID scopes, and per resource the scopes that API owns.
import type { GrantLike, InteractionLike, Provider } from 'oidc-provider';
import { apiByResource, USER_SCOPES } from '../settings.ts';

const OIDC_SCOPES = new Set(['openid', 'offline_access', 'profile', ...Object.values(USER_SCOPES)]);

function asList(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  return typeof value === 'string' && value ? [value] : [];
}

export function addRequested(grant: GrantLike, params: Record<string, unknown>, withheld: ReadonlySet<string> = new Set()): void {
  const requested = String(params.scope ?? '').split(' ').filter((s) => s && !withheld.has(s));
  const oidc = requested.filter((s) => OIDC_SCOPES.has(s));
  if (oidc.length) grant.addOIDCScope(oidc.join(' '));
  for (const resource of asList(params.resource)) {
    const api = apiByResource(resource);
    const scopes = requested.filter((s) => api?.scopes.includes(s));
    if (scopes.length) grant.addResourceScope(resource, scopes.join(' '));
  }
}

export async function grantForLogin(provider: Provider, interaction: InteractionLike, accountId: string, withheld: ReadonlySet<string> = new Set()): Promise<string> {
  // A login always starts a new grant: the login facts (IdP, level) are keyed by grant.
  const grant = new provider.Grant({ accountId, clientId: String(interaction.params.client_id) });
  addRequested(grant, interaction.params, withheld);
  return grant.save();
}

export async function grantForConsent(provider: Provider, interaction: InteractionLike, accountId: string): Promise<string> {
  const existing = interaction.grantId ? await provider.Grant.find(interaction.grantId) : undefined;
  const grant = existing ?? new provider.Grant({ accountId, clientId: String(interaction.params.client_id) });
  addRequested(grant, interaction.params);
  return grant.save();
}
