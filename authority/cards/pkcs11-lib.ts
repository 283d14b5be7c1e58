// pkcs11js for the emulator's card writer (authority/ and src/ share no code). pkcs11js is a
// CommonJS native addon whose typings are an ambient module without a default export; loading it
// through require keeps both Node's ESM loader and TypeScript happy.
import { createRequire } from 'node:module';
import type * as Pkcs11Js from 'pkcs11js';

const require = createRequire(import.meta.url);

export const pkcs11js = require('pkcs11js') as typeof Pkcs11Js;
export type Pkcs11 = Pkcs11Js.PKCS11;
export type Handle = Pkcs11Js.Handle;
