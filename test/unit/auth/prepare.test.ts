// The app calls prepare() at start without waiting for it: it must never reject, whatever the log
// function returns. Electron's log is process.stderr.write, which returns true — and a `true` once
// passed for a discovery result, threw inside prepare() and ended the preview with an unhandled
// rejection when the client key was missing or the authority down.
import { describe, expect, it } from 'vitest';
import { createHelseIdClient } from '../../../src/main/auth/helseid-client.ts';
import { parseConfigText, type HelseIdConfig } from '../../../src/main/config/index.ts';

const config = parseConfigText(
  JSON.stringify({
    authority: { kind: 'embedded', issuer: 'http://127.0.0.1:9' },
    client: { client_id: 'c', private_jwk_path: '/nonexistent/helseid-client.jwk' },
  }),
  'config.json',
) as HelseIdConfig;

describe('prepare at start-up', () => {
  it('prepare_withALogThatReturnsTrue_andNothingReachable_resolvesAndLogsWhy', async () => {
    const lines: string[] = [];
    const log = (line: string) => (lines.push(line), true) as unknown as void; // process.stderr.write's shape
    const client = createHelseIdClient({ config, openExternal: async () => {}, log, requestTimeoutMs: 2_000 });
    await expect(client.prepare()).resolves.toBeUndefined();
    expect(lines.some((l) => /^preparing for login failed: (client-key-invalid|authority-unreachable)$/.test(l))).toBe(
      true,
    );
    await client.close();
  });
});
