// API answers are shown in the window (IT's details) and printed by the CLI, but neither may ever
// show a national id number or a token. APIs are not ours to trust on that, so every answer passes
// through here first: by key name (a secret under a known name, whatever it looks like), and by
// pattern everywhere else, keys included (national id numbers however written, JWTs, opaque runs).
import { maskNationalIds } from './mask-national-ids.ts';
import { OPAQUE_MIN_LENGTH, removeSecrets } from './secret-patterns.ts';

// Keys whose string values are secrets whatever they look like (an opaque refresh token has no
// JWT shape; `rt`/`at` are common short names for them). Names like issued_token_type or
// token_type are not secrets and stay readable.
const SECRET_KEY = new RegExp(
  '^(access_token|refresh_token|id_token|id_token_hint|token|subject_token|actor_token|rt|at|jwt|dpop|authorization|cookie|set-cookie' +
    '|api[_-]?key|client_assertion|assertion|client_secret|secret|private_key|password|pin|code_verifier)$',
  'i',
);
const MAX_DEPTH = 20;
const MAX_STRING = 4_000;
const MAX_ITEMS = 200;

/** Masks every national id number in `value` (kept for callers that mask plain text). */
export function maskNationalId(value: string): string {
  return maskNationalIds(value);
}

/**
 * Cut first, then look for secrets: the patterns ran over the whole string, and a 10 MB one
 * overflowed them (the window showed "internal"). The cut never leaves half a token or half a
 * national id number behind: the run of token characters it would split is dropped whole.
 */
function redactText(value: string): string {
  if (value.length <= MAX_STRING) return maskNationalIds(removeSecrets(value));
  const cut = value.slice(0, MAX_STRING);
  // the run of token characters the cut ends in: too short to be judged (or a JWT's start) — dropped
  const tail = /[\w+/=.-]+$/.exec(cut)?.[0] ?? '';
  const kept = tail.length < OPAQUE_MIN_LENGTH || tail.includes('eyJ') ? cut.slice(0, cut.length - tail.length) : cut;
  return `${maskNationalIds(removeSecrets(kept))}…`;
}

export function redactForRenderer(value: unknown, depth = 0): unknown {
  if (depth > MAX_DEPTH) return '[too deep]';
  if (typeof value === 'string') return redactText(value);
  if (typeof value === 'number') {
    // an id written as a JSON number: shown as the masked text instead
    const text = String(value);
    const masked = maskNationalIds(text);
    return masked === text ? value : masked;
  }
  if (Array.isArray(value)) return value.slice(0, MAX_ITEMS).map((item) => redactForRenderer(item, depth + 1));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value).slice(0, MAX_ITEMS)) {
      out[redactText(key)] =
        SECRET_KEY.test(key) && typeof item === 'string' ? '[redacted]' : redactForRenderer(item, depth + 1);
    }
    return out;
  }
  return value;
}
