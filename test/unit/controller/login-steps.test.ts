// The login's progress as the window shows it: forward only, and "finish in the browser" only when
// the browser really needs the person.
import { describe, expect, it } from 'vitest';
import { forwardOnly, toViewStep } from '../../../src/main/controller/login-steps.ts';
import type { LoginStep as ViewStep } from '../../../src/shared/ipc/view-schemas.ts';
import type { LoginStep as SessionStep } from '../../../src/shared/session-types.ts';

/** Replays session steps as CardLogin does (the PIN dialog opens when the card is asked to sign). */
function shown(steps: readonly (SessionStep | 'pin-asked')[]): ViewStep[] {
  let current: ViewStep = 'starting';
  let cardAsked = false;
  const seen: ViewStep[] = [current];
  for (const step of steps) {
    if (step === 'pin-asked') cardAsked = true;
    current = forwardOnly(current, step === 'pin-asked' ? 'pin' : toViewStep(step, cardAsked));
    if (seen.at(-1) !== current) seen.push(current);
  }
  return seen;
}

describe('login progress', () => {
  it('cardBackChannel_movesForwardOnly_andNeverAsksForTheBrowser', () => {
    expect(
      shown([
        'discovery',
        'pushed-authorization-request',
        'browser-opened',
        'waiting-for-card',
        'card-signing',
        'pin-asked',
        'card-signing',
        'waiting-for-callback',
        'redeeming-code',
        'fetching-api-tokens',
        'done',
      ]),
    ).toEqual(['starting', 'card', 'pin', 'tokens']);
  });

  it('cardBackChannel_whileHelseIdsPageHasNotAskedForTheCard_saysContactingHelseId_notWaitingForTheCard', () => {
    // an authorization endpoint that fails in the browser: the back channel polls and nothing comes
    expect(shown(['discovery', 'pushed-authorization-request', 'browser-opened', 'waiting-for-card'])).toEqual([
      'starting',
    ]);
  });

  it('loginFinishedInTheBrowser_asksForTheBrowser_thenTokens', () => {
    expect(
      shown([
        'discovery',
        'pushed-authorization-request',
        'browser-opened',
        'waiting-for-callback',
        'redeeming-code',
        'done',
      ]),
    ).toEqual(['starting', 'browser', 'tokens']);
  });
});
