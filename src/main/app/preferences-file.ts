// The per-user preference file is the user's to edit (or break): read it through a schema and fall
// back to defaults field by field, so a bad value never stops the app from starting.
import { z } from 'zod';
import { languageSchema } from '../../shared/ipc/settings-schema.ts';
import { DEFAULT_PREFERENCES } from '../controller/ports.ts';
import type { Preferences } from '../controller/ports.ts';

const fields = {
  language: languageSchema,
  startAtLogin: z.boolean(),
  // a unit per keyed hash (never a national id number: the keys are 32 base64url characters)
  unitChoices: z.record(z.string().regex(/^[\w-]{32}$/), z.string().regex(/^(\d{9})?$/)),
  unitKey: z.string().regex(/^[\w-]{43}$/),
} as const;

export function parsePreferences(raw: unknown): Preferences {
  const record = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  const language = fields.language.safeParse(record.language);
  const startAtLogin = fields.startAtLogin.safeParse(record.startAtLogin);
  const unitChoices = fields.unitChoices.safeParse(record.unitChoices);
  const unitKey = fields.unitKey.safeParse(record.unitKey);
  return {
    language: language.success ? language.data : DEFAULT_PREFERENCES.language,
    startAtLogin: startAtLogin.success ? startAtLogin.data : DEFAULT_PREFERENCES.startAtLogin,
    ...(unitChoices.success ? { unitChoices: unitChoices.data } : {}),
    ...(unitKey.success ? { unitKey: unitKey.data } : {}),
  };
}
