// What the settings screen shows about the machine-wide configuration: read-only, for the person
// at the workstation and for IT on the phone. Names and addresses only — never the client key
// (not even its path), never a token.
import './zod-config.ts';
import { z } from 'zod';

export const languageSchema = z.enum(['nb', 'en']);

/** A child organization (sub unit) the user may act for; the config's `organizations`. */
export const unitSchema = z.object({ number: z.string().regex(/^\d{9}$/), name: z.string().max(200) });

export const settingsViewSchema = z.object({
  /** the configuration file's path, or 'embedded environment' */
  source: z.string(),
  authorityKind: z.enum(['embedded', 'helseid-test', 'helseid-prod', 'custom']),
  authority: z.string(),
  clientId: z.string(),
  apis: z.array(z.object({ name: z.string(), resource: z.string(), scopes: z.array(z.string()), baseUrl: z.string() })),
  organizations: z.array(unitSchema),
  parentOrganization: z.string().optional(),
  cardRemoval: z.enum(['logout', 'lock']),
  pkcs11Modules: z.array(z.string()),
  loginTimeoutSeconds: z.number().int(),
});

export type Language = z.infer<typeof languageSchema>;
export type UnitView = z.infer<typeof unitSchema>;
export type SettingsView = z.infer<typeof settingsViewSchema>;
