// The API guard's public surface. See README.md in this folder and docs/patterns.md.
export {
  createApiGuard,
  type ApiGuard,
  type ApiGuardOptions,
  type GuardRequest,
  type GuardSuccess,
} from './create-api-guard.ts';
export { GuardError, isGuardError, type GuardErrorCode } from './guard-error.ts';
export {
  MemoryReplayCache,
  ReplayCacheFullError,
  type MemoryReplayCacheOptions,
  type ReplayCache,
} from './replay-cache.ts';
export { HELSEID_CLAIM } from './helseid-claims.ts';
