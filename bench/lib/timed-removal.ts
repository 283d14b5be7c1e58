// "Pulls" a virtual card (deletes its SoftHSM token with removeCardToken = softhsm2-util
// --delete-token) and records three moments on the performance.now() clock:
// - deleteStartMs: just before softhsm2-util is spawned (upper bound of the pull moment);
// - tokenDirGoneMs: when inotify (fs.watch on the token directory) reports the token's
//   directory removed — the last step of the deletion, so the closest to the real pull;
// - deleteReturnedMs: when softhsm2-util has exited and its output was read (lower bound).
import { watch } from 'node:fs';
import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { removeCardToken, type ProvisionedCards } from '../../authority/cards/provision.ts';

export interface RemovalTimes {
  readonly deleteStartMs: number;
  readonly deleteReturnedMs: number;
  /** undefined when no inotify event arrived, or the directory was only removed by our clean-up */
  readonly tokenDirGoneMs: number | undefined;
  /**
   * softhsm2-util removed the token's files but not its directory ("Could not delete the
   * directory"): a running SoftHSM re-initialisation wrote the token's `generation` file again
   * in between. The token is gone for SoftHSM (token.object deleted); we remove the rest.
   */
  readonly raced: boolean;
}

export function tokenDirOf(provisioned: ProvisionedCards): string {
  return join(provisioned.stateDir, 'softhsm', 'tokens');
}

export async function timedRemoveCard(provisioned: ProvisionedCards, tokenLabel: string): Promise<RemovalTimes> {
  const tokenDir = tokenDirOf(provisioned);
  const before = new Set(await readdir(tokenDir));
  let tokenDirGoneMs: number | undefined;
  const watcher = watch(tokenDir, (event, name) => {
    // the only entry of tokenDir that disappears during the deletion is the token's directory
    if (tokenDirGoneMs === undefined && event === 'rename' && name !== null && before.has(name))
      tokenDirGoneMs = performance.now();
  });
  try {
    const deleteStartMs = performance.now();
    let raced = false;
    try {
      await removeCardToken(provisioned, tokenLabel);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.includes('Could not delete the directory')) throw error;
      raced = true;
    }
    const deleteReturnedMs = performance.now();
    // inotify events for the deletion are queued before the child exits; give the loop a turn
    await new Promise((resolve) => setTimeout(resolve, 5));
    if (raced) {
      const dirGoneBeforeCleanup = tokenDirGoneMs;
      await removeLeftoverTokenDirs(tokenDir);
      return { deleteStartMs, deleteReturnedMs, tokenDirGoneMs: dirGoneBeforeCleanup, raced };
    }
    return { deleteStartMs, deleteReturnedMs, tokenDirGoneMs, raced };
  } finally {
    watcher.close();
  }
}

/** Token directories without a token.object: what a half-finished --delete-token leaves behind. */
async function removeLeftoverTokenDirs(tokenDir: string): Promise<void> {
  for (const entry of await readdir(tokenDir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const dir = join(tokenDir, entry.name);
    const hasTokenObject = await stat(join(dir, 'token.object')).then(
      () => true,
      () => false,
    );
    if (!hasTokenObject) await rm(dir, { recursive: true, force: true });
  }
}
