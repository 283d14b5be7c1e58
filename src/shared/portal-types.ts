// A national portal the card session is handed to (Kjernejournal), as the window and main both see
// it: the access bases the clinician chooses between and the shape of an HPR authorization code.
// Pure data: no Node, no DOM.

/**
 * Kjernejournal Innlogging's `access_basis` codes (NHN's reference client,
 * kjinnlogging/KjernejournalInnloggingGrunnlag.kt): consent, emergency, exception from consent.
 */
export const ACCESS_BASES = ['SAMTYKKE', 'AKUTT', 'UNNTAK'] as const;
export type AccessBasis = (typeof ACCESS_BASES)[number];

/** Volven 9060 (helsepersonellkategori) codes as HPR and HelseID send them: LE, SP, FA1 … */
export const HPR_AUTHORIZATION_PATTERN = /^[A-Z]{2}[0-9]?$/;

/** The portals the app knows how to open (MyHealth@EU: see src/main/portals/README.md). */
export const PORTAL_NAMES = ['kjernejournal'] as const;
export type PortalName = (typeof PORTAL_NAMES)[number];
