// Serves the renderer from app://helseid/ out of dist/renderer only: no file:// (which would give
// the page the file system's origin) and no remote content. Each answer carries the CSP.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { CONTENT_SECURITY_POLICY } from './window-security.ts';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

export function createRendererFileHandler(rendererDir: string): (request: Request) => Promise<Response> {
  const root = path.resolve(rendererDir);
  return async (request) => {
    const url = URL.parse(request.url);
    if (!url || request.method !== 'GET') return notFound();
    const file = path.normalize(path.join(root, decodeURIComponent(url.pathname)));
    // only files we ship: inside the folder, of a type we serve (no source maps, no stray files)
    const type = TYPES[path.extname(file)];
    if (!file.startsWith(root + path.sep) || !type) return notFound();
    try {
      const body = await readFile(file);
      return new Response(body, {
        headers: {
          'content-type': type,
          'content-security-policy': CONTENT_SECURITY_POLICY,
          'x-content-type-options': 'nosniff',
        },
      });
    } catch {
      return notFound();
    }
  };
}

function notFound(): Response {
  return new Response('not found', { status: 404 });
}
