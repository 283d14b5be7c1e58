// Structured claims HelseID reads from the client assertion of a token request: the child
// organization (so a user can switch unit with a refresh, no new login) and the Tillitsrammeverk
// parameters (only in the assertion of the token request for an API that needs them — never also in
// PAR, which HelseID answers with HID-DOUBLE-STRUCTURE). A portal's token requests carry the
// structure its caller built for the open patient instead (src/main/portals/patient-claims.ts).
import { randomUUID } from 'node:crypto';
import type { HelseIdConfig } from '../config/config-schema.ts';
import type { AssertionClaims } from './client-auth.ts';

const ENH_SYSTEM = 'urn:oid:2.16.578.1.12.4.1.4.101';
const MULTI_TENANT_SYSTEM = 'urn:oid:1.0.6523';

/** Single-tenant: ENH + the child's number. Multi-tenant: the customer's parent and child together. */
export function organizationDetail(childOrgNumber: string, multiTenantParent?: string) {
  const identifier =
    multiTenantParent === undefined
      ? { system: ENH_SYSTEM, type: 'ENH', value: childOrgNumber }
      : { system: MULTI_TENANT_SYSTEM, type: 'ENH', value: `NO:ORGNR:${multiTenantParent}:${childOrgNumber}` };
  return { type: 'helseid_authorization', practitioner_role: { organization: { identifier } } };
}

/**
 * `unit`: the child organization the person chose. It is where the care happens, so it is the
 * point_of_care of every token asked for while it is chosen (issue 21: after a switch to "avdeling
 * Sentrum" the journal API still received the main unit); without a choice, the configured one.
 */
export function tillitsrammeverkDetail(config: HelseIdConfig, unit?: string) {
  const t = config.tillitsrammeverk;
  const parent = config.parent_organization;
  const legalEntity = t?.legal_entity ?? (parent ? { id: parent, system: ENH_SYSTEM } : undefined);
  const pointOfCare = unit !== undefined ? { id: unit, system: ENH_SYSTEM } : (t?.point_of_care ?? legalEntity);
  return {
    type: 'nhn:tillitsrammeverk:parameters',
    practitioner: {
      authorization: t?.practitioner_authorization ?? { code: 'LE', system: 'urn:oid:2.16.578.1.12.4.1.1.9060' },
      ...(legalEntity ? { legal_entity: legalEntity } : {}),
      ...(pointOfCare ? { point_of_care: pointOfCare } : {}),
      ...(t?.department ? { department: t.department } : {}),
    },
    care_relationship: {
      healthcare_service: t?.healthcare_service ?? { code: 'S03', system: 'urn:oid:2.16.578.1.12.4.1.1.8655' },
      purpose_of_use: t?.purpose_of_use ?? { code: 'TREAT', system: 'urn:oid:2.16.840.1.113883.1.11.20448' },
      // one decision reference per token request: it identifies this access decision in audit logs
      decision_ref: { id: randomUUID(), user_selected: false },
    },
  };
}

/** The structure a resource's token requests carry now, if its caller set one (a portal's patient). */
export type ResourceDetails = (resource: string) => object | undefined;

/**
 * The claims for one client assertion, decided from the request it authenticates. Only token
 * requests (with grant_type) carry details; PAR, revocation and the card back channel never do.
 */
export function assertionClaimsFor(
  config: HelseIdConfig,
  childOrganization: () => string | undefined,
  resourceDetails: ResourceDetails = () => undefined,
): AssertionClaims {
  const tillitsrammeverkResources = new Set(config.apis.filter((a) => a.tillitsrammeverk).map((a) => a.resource));
  // a machine API's organization is fixed in configuration; the user's unit choice never applies to it
  const machineOrganizations = new Map(config.apis.filter((a) => a.machine).map((a) => [a.resource, a.organization]));
  const parent = config.client_tenancy === 'multi-tenant' ? config.parent_organization : undefined;
  return (body) => {
    if (!body.has('grant_type')) return undefined;
    const details: object[] = [];
    const resource = body.get('resource');
    const child =
      resource !== null && machineOrganizations.has(resource)
        ? machineOrganizations.get(resource)
        : childOrganization();
    if (child !== undefined) details.push(organizationDetail(child, parent));
    const own = resource === null ? undefined : resourceDetails(resource);
    if (own !== undefined) details.push(own);
    else if (resource !== null && tillitsrammeverkResources.has(resource))
      details.push(tillitsrammeverkDetail(config, childOrganization()));
    return details.length === 0 ? undefined : { [config.assertion_details_claim]: details };
  };
}
