// Consent is implicit in HelseID for a registered client: the emulator grants exactly what the
// authorization request asked for — OpenID scopes, and per resource the scopes that API owns —
// except scopes the rejectScopes knob withholds. Those are recorded as REJECTED on the grant, so
// oidc-provider's consent checks see them as answered (no consent loop) and no token carries them.
import type { GrantLike, InteractionLike, Provider } from 'oidc-provider';
import { scopesOfResource, USER_SCOPES } from '../settings.ts';

const OIDC_SCOPES = new Set(['openid', 'offline_access', 'profile', ...Object.values(USER_SCOPES)]);

function asList(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  return typeof value === 'string' && value ? [value] : [];
}

export function addRequested(
  grant: GrantLike,
  params: Record<string, unknown>,
  withheld: ReadonlySet<string> = new Set(),
): void {
  const requested = String(params.scope ?? '')
    .split(' ')
    .filter(Boolean);
  const oidc = requested.filter((s) => OIDC_SCOPES.has(s));
  const granted = (list: string[]) => list.filter((s) => !withheld.has(s)).join(' ');
  const rejected = (list: string[]) => list.filter((s) => withheld.has(s)).join(' ');
  if (granted(oidc)) grant.addOIDCScope(granted(oidc));
  if (rejected(oidc)) grant.rejectOIDCScope(rejected(oidc));
  for (const resource of asList(params.resource)) {
    const owned = scopesOfResource(resource) ?? [];
    const scopes = requested.filter((s) => owned.includes(s));
    if (granted(scopes)) grant.addResourceScope(resource, granted(scopes));
    if (rejected(scopes)) grant.rejectResourceScope(resource, rejected(scopes));
  }
}

/**
 * A login (and an SSO reuse, which HelseID answers as a new authorization) starts a new grant: the
 * login facts (IdP, level, withheld scopes, the PAR's offline_access and Tillitsrammeverk) are
 * keyed by grant.
 */
export async function grantForLogin(
  provider: Provider,
  interaction: InteractionLike,
  accountId: string,
  withheld: ReadonlySet<string> = new Set(),
): Promise<string> {
  const grant = new provider.Grant({ accountId, clientId: String(interaction.params.client_id) });
  addRequested(grant, interaction.params, withheld);
  return grant.save();
}

export async function grantForConsent(
  provider: Provider,
  interaction: InteractionLike,
  accountId: string,
): Promise<string> {
  const existing = interaction.grantId ? await provider.Grant.find(interaction.grantId) : undefined;
  const grant = existing ?? new provider.Grant({ accountId, clientId: String(interaction.params.client_id) });
  addRequested(grant, interaction.params);
  return grant.save();
}
