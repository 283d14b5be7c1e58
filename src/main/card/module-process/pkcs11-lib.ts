// pkcs11js is a CommonJS native addon whose typings are an ambient module without a default
// export; loading it through require keeps both Node's ESM loader and TypeScript happy.
// Only files of src/main/card/module-process/ may import pkcs11js (an ESLint rule, eslint.config.js):
// they run in the module's own child process, and a PKCS#11 call on the main thread would freeze
// the app while a card answers.
import { createRequire } from 'node:module';
import type * as Pkcs11Js from 'pkcs11js';

const require = createRequire(import.meta.url);

export const pkcs11js = require('pkcs11js') as typeof Pkcs11Js;
export type Pkcs11 = Pkcs11Js.PKCS11;
export type Handle = Pkcs11Js.Handle;
export type Template = Pkcs11Js.Template;
