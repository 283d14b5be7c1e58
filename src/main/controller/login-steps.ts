import type { LoginStep as SessionStep } from '../../shared/session-types.ts';
import type { LoginStep as ViewStep } from '../../shared/ipc/view-schemas.ts';

/**
 * The order the window's steps can come in. A login with the card back channel goes starting →
 * card → pin → tokens; one where the person finishes in the browser (real HelseID) goes starting →
 * browser → tokens. Both move forward through this list, and the progress never moves back.
 */
export const VIEW_STEP_ORDER: readonly ViewStep[] = ['starting', 'browser', 'card', 'pin', 'tokens'];

/**
 * The session reports fine-grained steps; the window shows five. `undefined`: nothing the person
 * needs to know changed. Opening the browser is not yet a step for the person: with the card back
 * channel the browser only waits, so "finish in the browser" is shown only when the login waits for
 * the browser's callback without the card having been asked (the card step says it otherwise).
 */
export function toViewStep(step: SessionStep, cardAsked: boolean): ViewStep | undefined {
  switch (step) {
    // the back channel polls (waiting-for-card) until HelseID's page in the browser asks for the
    // card: until then the login waits for HelseID, not for the card ("Venter på kortet" there hid
    // a HelseID outage for a minute)
    case 'discovery':
    case 'pushed-authorization-request':
    case 'browser-opened':
    case 'waiting-for-card':
      return 'starting';
    case 'waiting-for-callback':
      return cardAsked ? undefined : 'browser';
    case 'card-signing':
      return 'card';
    case 'redeeming-code':
    case 'fetching-api-tokens':
    case 'done':
      return 'tokens';
  }
}

/** The next step to show: the new one if it is further along, else the current one. */
export function forwardOnly(current: ViewStep, next: ViewStep | undefined): ViewStep {
  if (next === undefined) return current;
  return VIEW_STEP_ORDER.indexOf(next) > VIEW_STEP_ORDER.indexOf(current) ? next : current;
}
