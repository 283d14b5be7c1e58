// The renderer's Content-Security-Policy forbids eval, and zod compiles fast paths with
// `new Function` unless told not to. Schemas read the setting when they are created, so this
// module is imported before any schema is defined (first import of view-schemas.ts).
import { z } from 'zod';

z.config({ jitless: true });
