// How the app learns about the embedded HelseID environment without importing it (authority/ is a
// development tool and never packaged): `npm start`, `npm run preview` and the tests start the
// environment and hand its JSON line to the app in this environment variable.
import { AppError } from '../../shared/errors/app-error.ts';
import type { EnvironmentInfo } from './environment-default.ts';

export const EMBEDDED_ENVIRONMENT_ENV = 'HELSEID_DESKTOP_ENVIRONMENT';

export function embeddedEnvironmentFromEnv(
  env: Readonly<Record<string, string | undefined>> = process.env,
): EnvironmentInfo | undefined {
  const raw = env[EMBEDDED_ENVIRONMENT_ENV];
  if (!raw) return undefined;
  let info: unknown;
  try {
    info = JSON.parse(raw);
  } catch {
    throw new AppError('invalid-config', {
      detail: {
        file: EMBEDDED_ENVIRONMENT_ENV,
        field: '(value)',
        problem: 'expected the JSON line `npm run env` prints',
      },
    });
  }
  if (!info || typeof info !== 'object' || typeof (info as { authority?: unknown }).authority !== 'string') {
    throw new AppError('invalid-config', {
      detail: {
        file: EMBEDDED_ENVIRONMENT_ENV,
        field: 'authority',
        problem: 'expected the JSON line `npm run env` prints',
      },
    });
  }
  return info as EnvironmentInfo;
}
