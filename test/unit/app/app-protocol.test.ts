import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRendererFileHandler } from '../../../src/main/app/app-protocol.ts';
import { CONTENT_SECURITY_POLICY } from '../../../src/main/app/window-security.ts';

describe('app:// protocol', () => {
  let serve: (request: Request) => Promise<Response>;
  beforeAll(async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'app-protocol-'));
    await mkdir(path.join(dir, 'renderer'));
    await writeFile(path.join(dir, 'renderer', 'index.html'), '<!doctype html>');
    await writeFile(path.join(dir, 'renderer', 'renderer.js.map'), '{}');
    await writeFile(path.join(dir, 'secret.txt'), 'secret');
    serve = createRendererFileHandler(path.join(dir, 'renderer'));
  });

  it('rendererFile_isServed_withTheCsp', async () => {
    const response = await serve(new Request('app://helseid/index.html'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
  });

  it('pathTraversal_sourceMaps_andNonGet_areNotFound', async () => {
    for (const url of [
      'app://helseid/../secret.txt',
      'app://helseid/%2e%2e/secret.txt',
      'app://helseid/..%2fsecret.txt',
      'app://helseid/renderer.js.map',
      'app://helseid/missing.js',
    ]) {
      expect((await serve(new Request(url))).status, url).toBe(404);
    }
    expect((await serve(new Request('app://helseid/index.html', { method: 'POST', body: 'x' }))).status).toBe(404);
  });
});
