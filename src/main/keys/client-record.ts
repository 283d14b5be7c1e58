// What the key store keeps: the client this installation became, its key(s), and what IT must be
// able to see later (abandoned drafts, the last renewal's outcome). Validated when read, so a
// damaged or foreign file is reported as such instead of half-used.
import { z } from 'zod';

const jwk = z.looseObject({
  kty: z.literal('RSA'),
  kid: z.string().min(1),
  alg: z.literal('PS256'),
  n: z.string(),
  e: z.string(),
  d: z.string(),
});

export const storedKeySchema = z.object({
  kid: z.string().min(1),
  /** the private JWK (RSA, PS256); only ever imported as a non-extractable CryptoKey for signing */
  privateJwk: jwk,
  /** epoch ms */
  createdAt: z.number(),
  /** epoch ms, from Selvbetjening (POST/GET /v1/client-secret); unknown until asked */
  expiresAt: z.number().optional(),
});

export const renewalStatusSchema = z.object({
  lastAttemptAt: z.number().optional(),
  lastSuccessAt: z.number().optional(),
  /** consecutive failures; the retry delay doubles with each */
  failures: z.number().int().nonnegative().default(0),
  /** the error code of the last failure and the step it failed in (never a message from a server) */
  lastError: z.object({ code: z.string(), step: z.string(), at: z.number() }).optional(),
});

export const clientRecordSchema = z.object({
  clientId: z.string().min(1),
  /** the HelseID issuer and Selvbetjening API this client was made with: another configuration does not use it */
  authority: z.string(),
  selvbetjening: z.string(),
  organizationNumber: z.string(),
  /**
   * draft: created, not (yet) known to be confirmed; ready: HelseID issued it a token and Selvbetjening
   * answered for it. ('confirmed' — "the browser said Success" — is only read from older documents:
   * the redirect's parameter is not Selvbetjening's answer; a forged one was recorded as confirmed.)
   */
  state: z.enum(['draft', 'confirmed', 'ready']),
  /** the child organizations Selvbetjening registered for the client (GET /v1/client): the units it may assert */
  childOrganizationNumbers: z.array(z.string()).optional(),
  /** epoch ms: the browser came back with ?status=Success (a claim to check, not a confirmation) */
  successReportedAt: z.number().optional(),
  createdAt: z.number(),
  current: storedKeySchema,
  /** a renewal in progress: registered at Selvbetjening, stored, not yet proven with a token */
  next: storedKeySchema.optional(),
  renewal: renewalStatusSchema.default({ failures: 0 }),
});

export const abandonedDraftSchema = z.object({
  clientId: z.string(),
  at: z.number(),
  /** refused, cancelled, timed out, failed */
  reason: z.string(),
});

export const keyStoreDocumentSchema = z.object({
  version: z.literal(1),
  client: clientRecordSchema.optional(),
  /** drafts that never became this installation's client: IT can delete them in Selvbetjening */
  abandonedDrafts: z.array(abandonedDraftSchema).default([]),
});

export type StoredKey = z.infer<typeof storedKeySchema>;
export type ClientRecord = z.infer<typeof clientRecordSchema>;
export type RenewalStatus = z.infer<typeof renewalStatusSchema>;
export type AbandonedDraft = z.infer<typeof abandonedDraftSchema>;
export type KeyStoreDocument = z.infer<typeof keyStoreDocumentSchema>;

export const EMPTY_DOCUMENT: KeyStoreDocument = { version: 1, abandonedDrafts: [] };
