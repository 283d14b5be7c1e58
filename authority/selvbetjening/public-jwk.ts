// A client's public key as the Selvbetjening receives it. NHN's code sends it two ways: HelseID.Library
// posts the JWK as a JSON object, the Selvbetjening samples post a JSON string that holds the JWK
// (`"publicJwk": "{\"kty\":…}"`, and for /v1/client-secret a bare JSON string body). Both are
// accepted. Private key material is refused without ever being echoed.
import { calculateJwkThumbprint, importJWK, type JWK } from 'jose';

export interface PublicKeyRecord {
  kid: string;
  jwkThumbprint: string;
  publicJwk: JWK;
}

export class JwkProblem extends Error {}

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'] as const;
const ALGS_BY_KTY: Record<string, readonly string[]> = {
  RSA: ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'],
  EC: ['ES256', 'ES384', 'ES512'],
};
const CURVE_ALG: Record<string, string> = { 'P-256': 'ES256', 'P-384': 'ES384', 'P-521': 'ES512' };
const MIN_RSA_BITS = 2048;
/** our assumption: NHN's libraries make 4096-bit keys; nothing documents a maximum. 8192 bounds the work a key costs */
const MAX_RSA_BITS = 8192;
/** NIST SP 800-56B rev 2 §6.2.1: an odd public exponent with 2^16 < e < 2^256 (e = 1 signs nothing; e = 3 is weak) */
const MIN_RSA_EXPONENT = 65537n;
const MAX_RSA_EXPONENT_BYTES = 32;

function asObject(value: unknown): Record<string, unknown> {
  if (typeof value === 'string') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch {
      throw new JwkProblem('a string here must hold a JWK as JSON, and this one is not valid JSON');
    }
    if (typeof parsed === 'string') return asObject(parsed); // a JSON string body that holds a JSON string
    return asObject(parsed);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new JwkProblem('expected a public JWK, as a JSON object or as a JSON string holding one');
  }
  return value as Record<string, unknown>;
}

/** Validates a public JWK in either encoding; throws JwkProblem with the rule that failed. */
export async function parsePublicJwk(value: unknown): Promise<PublicKeyRecord> {
  const jwk = asObject(value);
  const privateMember = PRIVATE_MEMBERS.find((m) => m in jwk);
  if (privateMember)
    throw new JwkProblem(
      `holds private key material ("${privateMember}"): send only the public key, the private key must never leave the machine`,
    );
  const kty = jwk.kty;
  if (typeof kty !== 'string' || !ALGS_BY_KTY[kty]) throw new JwkProblem('"kty" must be "RSA" or "EC"');
  const alg = jwk.alg ?? (kty === 'EC' ? CURVE_ALG[String(jwk.crv)] : 'PS256');
  if (typeof alg !== 'string' || !ALGS_BY_KTY[kty]!.includes(alg)) {
    throw new JwkProblem(
      `"alg" ${JSON.stringify(jwk.alg)} does not fit a ${kty} key (one of ${ALGS_BY_KTY[kty]!.join(', ')})`,
    );
  }
  if (kty === 'RSA') {
    if (typeof jwk.n !== 'string' || typeof jwk.e !== 'string') throw new JwkProblem('an RSA key needs "n" and "e"');
    const n = Buffer.from(jwk.n, 'base64url');
    const bits = n.length * 8 - (n[0] === undefined ? 0 : Math.clz32(n[0]) - 24);
    if (bits < MIN_RSA_BITS)
      throw new JwkProblem(`RSA modulus of ${bits} bits is too short (at least ${MIN_RSA_BITS})`);
    if (bits > MAX_RSA_BITS)
      throw new JwkProblem(`RSA modulus of ${bits} bits is too long (at most ${MAX_RSA_BITS}; our assumption)`);
    if (n[n.length - 1]! % 2 === 0) throw new JwkProblem('RSA modulus is even: not a product of two primes');
    const e = Buffer.from(jwk.e, 'base64url');
    const exponent = e.length === 0 || e.length > MAX_RSA_EXPONENT_BYTES ? 0n : BigInt(`0x${e.toString('hex')}`);
    if (exponent < MIN_RSA_EXPONENT || exponent % 2n === 0n)
      throw new JwkProblem(
        'RSA public exponent "e" must be odd, at least 65537 and below 2^256 (NIST SP 800-56B; NHN\'s keys use 65537, "AQAB")',
      );
  } else {
    if (!CURVE_ALG[String(jwk.crv)] || typeof jwk.x !== 'string' || typeof jwk.y !== 'string')
      throw new JwkProblem('an EC key needs "crv" (P-256, P-384 or P-521), "x" and "y"');
  }
  if (jwk.kid !== undefined && (typeof jwk.kid !== 'string' || !jwk.kid || jwk.kid.length > 128))
    throw new JwkProblem('"kid" must be a non-empty string of at most 128 characters');
  const publicJwk: JWK =
    kty === 'RSA'
      ? { kty, n: jwk.n as string, e: jwk.e as string }
      : { kty, crv: jwk.crv as string, x: jwk.x as string, y: jwk.y as string };
  try {
    await importJWK(publicJwk, alg);
  } catch (err) {
    throw new JwkProblem(`is not a usable key: ${(err as Error).message}`);
  }
  const jwkThumbprint = await calculateJwkThumbprint(publicJwk, 'sha256');
  const kid = (jwk.kid as string | undefined) ?? jwkThumbprint;
  return { kid, jwkThumbprint, publicJwk: { ...publicJwk, kid, alg, use: 'sig' } };
}
