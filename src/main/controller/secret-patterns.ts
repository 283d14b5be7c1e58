// What a secret looks like when nobody labelled it: a JWT or JWE, a long hex run (hashes, token
// handles), or a long run of base64/base64url characters mixing upper case, lower case and digits
// (opaque access and refresh tokens, session ids, keys). The mix is what tells a random string from
// a long readable name: identifiers, scopes, URLs and kebab-case names lack one of the three or are
// broken up by ':', '.' or spaces; UUIDs are named as such and kept (request ids, decision refs).
const JWT_OR_JWE = /\beyJ[\w-]*(?:\.[\w-]*){2,4}/g;
const CANDIDATE = /[A-Za-z0-9+/_-]{32,}={0,2}/g;
const HEX = /^[0-9a-fA-F]+$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** the minimum length of a run that counts as opaque */
export const OPAQUE_MIN_LENGTH = 32;

export function isOpaqueSecret(run: string): boolean {
  const core = run.replace(/=+$/, '');
  if (core.length < OPAQUE_MIN_LENGTH || UUID.test(core)) return false;
  if (HEX.test(core)) return true;
  return /[A-Z]/.test(core) && /[a-z]/.test(core) && /\d/.test(core);
}

/** Replaces tokens and opaque runs inside `text`; the rest of the text stays. */
export function removeSecrets(text: string): string {
  return text.replace(JWT_OR_JWE, '[token]').replace(CANDIDATE, (run) => (isOpaqueSecret(run) ? '[redacted]' : run));
}
