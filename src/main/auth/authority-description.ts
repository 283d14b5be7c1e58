// The authority's own words about a refusal (error_description), kept for developers and IT in an
// AppError's `detail.description`: HelseID (and the embedded one) say there which rule failed
// ("client assertion "aud" must be the issuer"). Servers may echo request values into it, so it is
// cleaned first: no token, code, request_uri, query string or national id number gets through, and
// it is cut short. Shown in --json, doctor and the diagnostics report; never in the window's text.

const MAX_LENGTH = 300;

/**
 * Words by which an authority's error_description blames time (an assertion's or proof's iat, nbf
 * or exp, the clock): the refusal is then the PC's clock, said as such. The one copy: the token
 * errors, the one retry after a time refusal and doctor's client probe all use it.
 */
export const TIME_WORDS = /\b(iat|nbf|exp|clock|time|timestamp|expired|not yet valid|not active|in the future)\b/i;

export function safeDescription(text: unknown): string | undefined {
  if (typeof text !== 'string') return undefined;
  // control characters (a server could try to forge log lines) become spaces
  let s = [...text].map((c) => (c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f ? ' ' : c)).join('');
  // compact JWTs (tokens, assertions, proofs)
  s = s.replace(/[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g, '[token]');
  // request_uri values and other opaque handles
  s = s.replace(/urn:ietf:params:oauth:request_uri:\S+/g, 'urn:ietf:params:oauth:request_uri:[…]');
  // echoed request values: name=value of anything that could be secret
  s = s.replace(
    /\b(code|code_verifier|state|nonce|token|refresh_token|access_token|id_token|client_assertion|id_token_hint|request_uri|test_pid|pid|pin)=\S+/gi,
    '$1=[…]',
  );
  // query strings and fragments of URLs (codes, states)
  s = s.replace(/(https?:\/\/[^\s?#"')]+)[?#][^\s"')]*/g, '$1');
  // national id numbers (11 digits) and anything long and opaque (codes, refresh tokens, keys)
  s = s.replace(/(?<!\d)\d{11}(?!\d)/g, '[national id number]');
  s = s.replace(/[A-Za-z0-9+/_=-]{32,}/g, '[redacted]');
  s = s.replace(/\s+/g, ' ').trim();
  if (!s) return undefined;
  return s.length > MAX_LENGTH ? `${s.slice(0, MAX_LENGTH - 1)}…` : s;
}

/** `{ description }` when there is something to keep, else nothing: spread into an AppError detail. */
export function descriptionDetail(text: unknown): { description?: string } {
  const description = safeDescription(text);
  return description === undefined ? {} : { description };
}
