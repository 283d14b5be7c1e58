// The key store document as text, both ways. Parsing validates; an error names the file and what is
// wrong, never a value from it (the file holds a private key).
import { AppError } from '../../shared/errors/app-error.ts';
import { EMPTY_DOCUMENT, keyStoreDocumentSchema, type KeyStoreDocument } from './client-record.ts';

export function encodeDocument(document: KeyStoreDocument): string {
  return `${JSON.stringify(keyStoreDocumentSchema.parse(document))}\n`;
}

export function decodeDocument(text: string | undefined, file: string): KeyStoreDocument {
  if (text === undefined) return structuredClone(EMPTY_DOCUMENT);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new AppError('key-store-corrupt', { detail: { file, problem: 'not valid JSON' } });
  }
  const parsed = keyStoreDocumentSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError('key-store-corrupt', {
      detail: { file, problem: `unexpected content at ${issue?.path.join('.') || '(top level)'}` },
    });
  }
  return parsed.data;
}
