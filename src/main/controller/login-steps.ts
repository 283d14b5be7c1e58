import type { LoginStep as SessionStep } from '../../shared/session-types.ts';
import type { LoginStep as ViewStep } from '../../shared/ipc/view-schemas.ts';

/** The session reports fine-grained steps; the window shows five. */
export function toViewStep(step: SessionStep): ViewStep {
  switch (step) {
    case 'discovery':
    case 'pushed-authorization-request':
      return 'starting';
    case 'browser-opened':
    case 'waiting-for-callback':
      return 'browser';
    case 'waiting-for-card':
    case 'card-signing':
      return 'card';
    case 'redeeming-code':
    case 'fetching-api-tokens':
    case 'done':
      return 'tokens';
  }
}
