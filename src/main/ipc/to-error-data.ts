import { isAppError } from '../../shared/errors/app-error.ts';
import type { IpcError } from '../../shared/ipc/contract.ts';

/** Errors cross to the renderer as plain data; anything that is not one of ours is a bug: 'internal'. */
export function toErrorData(error: unknown): IpcError {
  if (isAppError(error)) return error.toData();
  return { code: 'internal', retriable: false };
}
