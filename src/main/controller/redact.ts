// API answers are shown in the window, but the window must never see a national id number or a
// token. APIs are not ours to trust on that, so every answer passes through here first.
const NATIONAL_ID = /\b(\d{6})\d{5}\b/g;
const JWT = /\beyJ[\w-]*\.[\w-]+\.[\w-]*\b/g;
// Keys whose string values are secrets whatever they look like (an opaque refresh token has no
// JWT shape). Names like issued_token_type or token_type are not secrets and stay readable.
const SECRET_KEY = /^(access_token|refresh_token|id_token|token|subject_token|actor_token|client_assertion|assertion|client_secret|secret|password|pin)$/i;
const MAX_DEPTH = 20;
const MAX_STRING = 4_000;

export function maskNationalId(value: string): string {
  return value.replace(NATIONAL_ID, '$1*****');
}

export function redactForRenderer(value: unknown, depth = 0): unknown {
  if (depth > MAX_DEPTH) return '[too deep]';
  if (typeof value === 'string') return maskNationalId(value.replace(JWT, '[token]')).slice(0, MAX_STRING);
  if (typeof value === 'number') return Number.isInteger(value) && String(value).length === 11 ? maskNationalId(String(value)) : value;
  if (Array.isArray(value)) return value.slice(0, 200).map((item) => redactForRenderer(item, depth + 1));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value).slice(0, 200)) {
      out[key] = SECRET_KEY.test(key) && typeof item === 'string' ? '[redacted]' : redactForRenderer(item, depth + 1);
    }
    return out;
  }
  return value;
}
