// The one place that loads @peculiar/x509: its tsyringe dependency needs the Reflect metadata
// polyfill loaded first, and the library needs a WebCrypto provider (Node's) before it can verify
// or create certificates.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { webcrypto } from 'node:crypto';

// the cast bridges Node's webcrypto typings and the DOM `Crypto` type x509 declares
x509.cryptoProvider.set(webcrypto as unknown as ReturnType<typeof x509.cryptoProvider.get>);

export { x509 };
