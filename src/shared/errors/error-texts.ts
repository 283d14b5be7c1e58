// The one table from error code to the text a person sees, in bokmål and English.
// Each subsystem owns its part; this file only joins them. Unknown codes fall back to 'internal'.
import type { ErrorTextEntry, LocalizedText } from './error-entry.ts';
import { APP_ERROR_TEXTS, type AppErrorCode } from './app-errors.ts';
import { AUTH_ERROR_TEXTS, type AuthErrorCode } from './auth-errors.ts';
import { CARD_ERROR_TEXTS, type CardErrorCode } from './card-errors.ts';
import { PORTAL_ERROR_TEXTS, type PortalErrorCode } from './portal-errors.ts';
import { PROVISIONING_ERROR_TEXTS, type ProvisioningErrorCode } from './provisioning-errors.ts';
import { SETUP_ERROR_TEXTS, type SetupErrorCode } from './setup-errors.ts';
import { API_ANSWER_TEXTS } from './api-answer-errors.ts';
import { CLI_ERROR_TEXTS } from './cli-errors.ts';

export type Language = 'nb' | 'en';

/** Every code the table has a text for: the type of AppError's code, so a misspelt code does not compile. */
export type ErrorCode =
  | AppErrorCode
  | AuthErrorCode
  | CardErrorCode
  | SetupErrorCode
  | ProvisioningErrorCode
  | PortalErrorCode
  | keyof typeof API_ANSWER_TEXTS
  | keyof typeof CLI_ERROR_TEXTS;

const PARTS: readonly Readonly<Record<string, ErrorTextEntry>>[] = [
  APP_ERROR_TEXTS,
  CARD_ERROR_TEXTS,
  AUTH_ERROR_TEXTS,
  SETUP_ERROR_TEXTS,
  PROVISIONING_ERROR_TEXTS,
  PORTAL_ERROR_TEXTS,
  API_ANSWER_TEXTS,
  CLI_ERROR_TEXTS,
];
const TABLE: Readonly<Record<string, ErrorTextEntry>> = Object.assign({}, ...PARTS);

/** Codes that more than one subsystem defines (a test keeps this empty). */
export function duplicateErrorCodes(): string[] {
  const seen = new Set<string>();
  return PARTS.flatMap((part) => Object.keys(part)).filter((code) => (seen.has(code) ? true : (seen.add(code), false)));
}

export function errorText(
  code: string,
  language: Language,
  detail?: Readonly<Record<string, string | number | boolean>>,
): LocalizedText {
  const entry = TABLE[code] ?? APP_ERROR_TEXTS.internal;
  const text = entry[language];
  if (!detail) return text;
  return { title: fill(text.title, detail), what: fill(text.what, detail), todo: fill(text.todo, detail) };
}

export function knownErrorCodes(): string[] {
  return Object.keys(TABLE);
}

/** `{name}` placeholders take non-secret details such as tries left. */
function fill(template: string, detail: Readonly<Record<string, string | number | boolean>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in detail ? String(detail[key]) : whole));
}
