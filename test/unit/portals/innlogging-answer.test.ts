// What each Kjernejournal Innlogging refusal means to the app, decided by status and challenge only;
// the service's RFC 7807 detail reaches IT cleaned (no patient number, no token), never the clinician.
import { describe, expect, it } from 'vitest';
import { innloggingRefusal, innloggingUnreachable } from '../../../src/main/portals/innlogging-answer.ts';

const problem = (status: number, detail: string, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify({ type: 'about:blank', title: 'x', status, detail }), {
    status,
    headers: { 'content-type': 'application/problem+json', ...headers },
  });

describe('Kjernejournal Innlogging refusals', () => {
  it.each([
    [400, {}, 'portal-request-refused', false],
    [401, { 'www-authenticate': 'DPoP error="invalid_token"' }, 'portal-token-refused', true],
    [403, { 'www-authenticate': 'DPoP error="insufficient_scope"' }, 'portal-scope-missing', false],
    [403, {}, 'portal-access-denied', false],
    [404, {}, 'portal-session-ended', false],
    [410, {}, 'portal-session-ended', false],
    [429, {}, 'portal-error', true],
    [503, {}, 'portal-error', true],
    [418, {}, 'portal-error', false],
  ] as const)('%i %j → %s', async (status, headers, code, retriable) => {
    const err = await innloggingRefusal(problem(status, 'a rule', headers), 'create');
    expect(err).toMatchObject({ code, retriable, detail: { operation: 'create', status, description: 'a rule' } });
  });

  it('theServicesDetail_isCleaned_ofNationalIdNumbersAndTokens', async () => {
    const err = await innloggingRefusal(
      problem(403, 'patient 05076600343 does not match token eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln'),
      'create',
    );
    expect(JSON.stringify(err.toData())).not.toContain('05076600343');
    expect(String(err.detail?.['description'])).toContain('[national id number]');
    expect(String(err.detail?.['description'])).toContain('[token]');
  });

  it('aBodyThatIsNotProblemDetails_leavesOnlyTheStatus', async () => {
    const err = await innloggingRefusal(new Response('<html>proxy</html>', { status: 502 }), 'refresh');
    expect(err.detail).toEqual({ operation: 'refresh', status: 502 });
  });

  it('noAnswer_isPortalUnreachable_withTheNetworksCode', () => {
    const err = innloggingUnreachable(new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } }), 'end');
    expect(err).toMatchObject({
      code: 'portal-unreachable',
      retriable: true,
      detail: { operation: 'end', cause: 'ECONNREFUSED' },
    });
  });
});
