// Parses the CLI's `--fault` options into FaultSettings (see cli.ts for the syntax).
import { FAULT_ENDPOINTS, type EndpointFault, type FaultEndpoint, type FaultSettings } from './faults.ts';

export function parseFaultSpecs(specs: string[]): Partial<FaultSettings> {
  const out: Partial<FaultSettings> & { endpoints: Partial<Record<FaultEndpoint, EndpointFault>> } = { endpoints: {} };
  for (const spec of specs) {
    const [key = '', value = ''] = spec.split('=', 2);
    if (key === 'dpop-nonce') out.dpopNonceChallenges = Number(value || 1);
    else if (key === 'clock-offset') out.clockOffsetSeconds = Number(value);
    else if (key === 'invalidate-refresh-tokens') out.invalidateRefreshTokens = true;
    else if (key === 'ignore-fresh-login-requests') out.ignoreFreshLoginRequests = true;
    else if (key === 'login-as') out.loginAs = value;
    else if (key === 'refresh-token-without-offline-access') out.refreshTokenWithoutOfflineAccess = true;
    else if (key === 'latency') out.latencyMs = Number(value);
    else if (key === 'request-uri-lifetime') out.requestUriLifetimeSeconds = Number(value);
    else if (key === 'api-answer-padding') out.apiAnswerPaddingChars = Number(value);
    else if (key === 'reject-scope') out.rejectScopes = [...(out.rejectScopes ?? []), value];
    else if ((FAULT_ENDPOINTS as readonly string[]).includes(key)) {
      const fault: EndpointFault = {};
      for (const part of value.split(',')) {
        const [name = '', arg] = part.split(':', 2);
        if (name === 'drop') fault.drop = true;
        else if (name === 'latency') fault.latencyMs = Number(arg);
        else if (name === 'times') fault.times = Number(arg);
        else if (name === 'retry-after') fault.retryAfterSeconds = Number(arg);
        else if (name === 'error' && arg) fault.error = arg;
        else if (/^\d{3}$/.test(name)) fault.status = Number(name);
        else throw new Error(`--fault ${spec}: unknown part "${part}"`);
      }
      out.endpoints[key as FaultEndpoint] = fault;
    } else {
      throw new Error(
        `--fault ${spec}: unknown fault (endpoints: ${FAULT_ENDPOINTS.join(', ')}; or dpop-nonce, clock-offset, invalidate-refresh-tokens, ignore-fresh-login-requests, login-as, refresh-token-without-offline-access, latency, reject-scope, request-uri-lifetime, api-answer-padding)`,
      );
    }
  }
  for (const [name, v] of Object.entries({
    dpopNonceChallenges: out.dpopNonceChallenges,
    clockOffsetSeconds: out.clockOffsetSeconds,
    latencyMs: out.latencyMs,
    requestUriLifetimeSeconds: out.requestUriLifetimeSeconds,
    apiAnswerPaddingChars: out.apiAnswerPaddingChars,
  })) {
    if (v !== undefined && !Number.isFinite(v)) throw new Error(`--fault: ${name} must be a number`);
  }
  return out;
}
