// The data the renderer may see, as schemas. Everything that crosses from main to the renderer
// is one of these, validated on both sides. No field here may ever hold a token, a PIN, a key or
// a national id number in clear (the person's number crosses only masked).
import './zod-config.ts';
import { z } from 'zod';
import { languageSchema, unitSchema } from './settings-schema.ts';
import { ACCESS_BASES, HPR_AUTHORIZATION_PATTERN, PORTAL_NAMES } from '../portal-types.ts';

export const errorDataSchema = z.object({
  code: z.string().min(1).max(64),
  retriable: z.boolean(),
  detail: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
});

export const cardViewSchema = z.object({
  id: z.string(),
  readerLabel: z.string(),
  holderName: z.string(),
  issuerFamily: z.enum(['buypass', 'commfides', 'unknown']),
  environment: z.enum(['test', 'prod', 'unknown']),
  validTo: z.string(),
  /** ISO; for "valid only from …" on a card that is not valid yet */
  validFrom: z.string().optional(),
  state: z.enum(['ok', 'expired', 'not-yet-valid', 'no-auth-certificate', 'unknown-issuer']),
  pin: z.enum(['ok', 'count-low', 'final-try', 'locked', 'pin-pad-unsupported']),
});

export const userViewSchema = z.object({
  name: z.string(),
  hprNumber: z.string().optional(),
  securityLevel: z.string(),
  pidMasked: z.string().regex(/^\d{6}\*{5}$/, 'only a masked national id number may cross to the renderer'),
  idp: z.string().optional(),
  cardId: z.string().optional(),
  organization: z.string().optional(),
});

export const apiViewSchema = z.object({
  name: z.string(),
  /** the configuration's display name in the view's language (the name when it has none) */
  displayName: z.string(),
  /** one line on what the service is for */
  purpose: z.string().optional(),
  audience: z.string(),
  scopes: z.array(z.string()),
  /** scopes HelseID did not grant (its rejected_scope); shown by the window where the UX places it */
  rejectedScopes: z.array(z.string()).optional(),
  expiresAt: z.number().optional(),
  state: z.enum(['none', 'fetching', 'valid', 'refreshing', 'expired', 'error']),
  /** why the token could not be had (state 'error'): our error code and the authority's OAuth error */
  errorCode: z.string().max(64).optional(),
  errorReason: z.string().max(64).optional(),
  lastCall: z
    .object({ status: z.number(), at: z.number(), body: z.unknown(), error: errorDataSchema.optional() })
    .optional(),
});

export const pinRequestSchema = z.object({
  requestId: z.string(),
  cardId: z.string(),
  holderName: z.string(),
  pin: cardViewSchema.shape.pin,
  lastError: errorDataSchema.optional(),
});

export const loginStepSchema = z.enum(['starting', 'browser', 'card', 'pin', 'tokens']);

/** The session is kept in main but unusable until the same card is back and its PIN signs a local challenge. */
export const unlockViewSchema = z.object({
  holderName: z.string(),
  cardPresent: z.boolean(),
  verifying: z.boolean(),
  pinRequest: pinRequestSchema.optional(),
});

/**
 * The machine's configuration could not be used: which file, which field, what is expected (the
 * same words `doctor` prints; field paths and the schema's "expected …" are IT's, not translated).
 */
export const setupErrorViewSchema = z.object({
  code: z.string().min(1).max(64),
  file: z.string().optional(),
  field: z.string().optional(),
  problem: z.string().optional(),
  /** a JSON syntax error: where the parser stopped, as an editor counts */
  line: z.number().int().positive().optional(),
  column: z.number().int().positive().optional(),
  /** how many problems the file has in all (the first one is named) */
  issues: z.number().int().nonnegative().optional(),
  /** a key file the app cannot use: `doctor`'s finding code, and for IT the file's mode, owner and the fix */
  finding: z.string().max(64).optional(),
  mode: z.string().max(8).optional(),
  owner: z.string().max(16).optional(),
  fix: z.string().max(1000).optional(),
});

/** The steps of setting up the workstation (SetupStep in src/main/provisioning/setup-flow.ts), forward only. */
export const workstationSetupStepSchema = z.enum([
  'generating-key',
  'creating-draft',
  'waiting-for-confirmation',
  'waiting-for-helseid',
  'checking-access',
  'done',
]);

/**
 * "Set up this workstation": where the set-up is and how it ended. Names and states only — never
 * a key, the API key or a token (the client id is public: it is in every token the app gets).
 */
export const workstationSetupViewSchema = z.object({
  state: z.enum(['intro', 'running', 'cancelling', 'cancelled', 'failed', 'done']),
  step: workstationSetupStepSchema.optional(),
  clientId: z.string().max(128).optional(),
  /** cancelled or failed after a client draft was made: it was recorded (IT can delete it in Selvbetjening) */
  draftRecorded: z.boolean().optional(),
  /** state 'failed': the error table's code and its non-secret details */
  error: errorDataSchema.optional(),
  /** state 'done': per API, usable now or waiting for the API owner's approval */
  apis: z
    .array(
      z.object({
        name: z.string().max(64),
        displayName: z.string().max(200),
        status: z.enum(['ok', 'pending']),
      }),
    )
    .optional(),
});

export const accessBasisSchema = z.enum(ACCESS_BASES);
export const hprAuthorizationSchema = z.string().regex(HPR_AUTHORIZATION_PATTERN);

/**
 * A portal the card session can be handed to (Kjernejournal) and the patient open in it. The
 * patient's number crosses only masked; the clinician closes the patient from here.
 */
export const portalViewSchema = z.object({
  name: z.enum(PORTAL_NAMES),
  /** closed: no patient; opening: getting the token and the session; open: the browser has it; closing: ending it */
  state: z.enum(['closed', 'opening', 'open', 'closing']),
  patientMasked: z
    .string()
    .regex(/^\d{6}\*{5}$/, 'only a masked national id number may cross to the renderer')
    .optional(),
  basis: accessBasisSchema.optional(),
  authorization: hprAuthorizationSchema.optional(),
  /** the HPR authorizations the clinician may act under (from HelseID's HPR details); a choice when more than one */
  authorizations: z.array(hprAuthorizationSchema),
});

export const appViewSchema = z.object({
  phase: z.enum([
    'starting',
    'setup-error',
    'workstation-setup',
    'no-reader',
    'no-card',
    'card-present',
    'logging-in',
    'logged-in',
    'locked',
  ]),
  /** the person's language preference (persisted per user in main) */
  language: languageSchema,
  authority: z.string(),
  readers: z.number().int().nonnegative(),
  cards: z.array(cardViewSchema),
  selectedCardId: z.string().optional(),
  login: z
    .object({
      step: loginStepSchema,
      pinRequest: pinRequestSchema.optional(),
      /** the person cancelled; the login is stopping ("Avbryter …") */
      cancelling: z.boolean().optional(),
    })
    .optional(),
  user: userViewSchema.optional(),
  apis: z.array(apiViewSchema),
  /** phase 'logged-in' on a workstation set up with a portal (config `portals`) */
  portal: portalViewSchema.optional(),
  /** units the user may switch between (empty: no switcher) */
  units: z.array(unitSchema),
  unlock: unlockViewSchema.optional(),
  error: errorDataSchema.optional(),
  /** why the session ended, said once on the card list (card removed, logged out) */
  notice: z.object({ code: z.enum(['session-ended-card-removed', 'logged-out']) }).optional(),
  /** phase 'setup-error' only */
  setupError: setupErrorViewSchema.optional(),
  /** phase 'workstation-setup' only */
  workstationSetup: workstationSetupViewSchema.optional(),
});

export type WorkstationSetupView = z.infer<typeof workstationSetupViewSchema>;
export type WorkstationSetupStep = z.infer<typeof workstationSetupStepSchema>;

export type SetupErrorView = z.infer<typeof setupErrorViewSchema>;
export type CardView = z.infer<typeof cardViewSchema>;
export type UserView = z.infer<typeof userViewSchema>;
export type ApiView = z.infer<typeof apiViewSchema>;
export type PinRequest = z.infer<typeof pinRequestSchema>;
export type AppView = z.infer<typeof appViewSchema>;
export type LoginStep = z.infer<typeof loginStepSchema>;
export type UnlockView = z.infer<typeof unlockViewSchema>;
export type PortalView = z.infer<typeof portalViewSchema>;
