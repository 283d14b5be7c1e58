// The time checks of an ID token (exp, nbf, iat), on the authority's clock as measured from the very
// response that carried the token (AuthorityClock: every authority response's Date header).
//
// openid-client checks exp and nbf against `Date.now() + clockSkew`, where clockSkew is a number
// frozen into its Configuration when the session was made. When the PC's clock jumps while a session
// runs (NTP, a laptop waking up), that number is stale: a refresh answer's ID token then looked
// expired by the size of the jump, and was refused AFTER HelseID had rotated the refresh token — the
// person was logged out (issue 20). So the library's own check is widened (LIBRARY_CLOCK_TOLERANCE,
// session.ts) and this one, with the skew of the moment, decides.
import { AppError } from '../../shared/errors/app-error.ts';

/** as openid-client's default: the authority's clock and ours agree to the second, its nodes within this */
export const ID_TOKEN_TOLERANCE_SECONDS = 30;
/** openid-client's clockTolerance for the sessions: wide enough that its stale-skew check never decides */
export const LIBRARY_CLOCK_TOLERANCE = 10 * 365 * 24 * 3600;

/**
 * Throws when the token is expired, not yet valid or issued in the future on the authority's clock
 * (`authorityNowSeconds`, epoch seconds). `measured`: whether that clock comes from a Date header at
 * all — without one it is the PC's own, and a failure is the PC clock's fault (the message says so).
 */
export function checkIdTokenTimes(
  claims: Readonly<Record<string, unknown>>,
  authorityNowSeconds: number,
  measured: boolean,
): void {
  const now = authorityNowSeconds;
  const tolerance = ID_TOKEN_TOLERANCE_SECONDS;
  const late = (name: string, value: unknown) => typeof value === 'number' && value > now + tolerance && name;
  const problem =
    (typeof claims['exp'] !== 'number' && 'exp missing') ||
    ((claims['exp'] as number) <= now - tolerance && 'exp') ||
    late('nbf', claims['nbf']) ||
    late('iat', claims['iat']);
  if (!problem) return;
  const detail = { problem: `ID token ${problem}`, claim: problem.split(' ')[0]!, toleranceSeconds: tolerance };
  // measured from this very response: the token is wrong on its own authority's clock
  if (measured) throw new AppError('id-token-invalid', { detail });
  throw new AppError('clock-skew', {
    detail: { ...detail, problem: `${detail.problem} (no Date header to correct by)` },
  });
}
