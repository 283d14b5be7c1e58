// Wraps the PKCS#11 library so that every C_* call is announced before it enters the module. The
// card service times each announced call (module-process-handle.ts): one that should return at
// once — a slot or token look, a session, a find, reading an attribute — is declared hung after a
// few seconds, because OpenSC 0.23 can deadlock in exactly those calls after a card left mid-read
// (README: "OpenSC 0.23 deadlocks"). C_Login and C_Sign may legitimately take long (a person at a
// PIN pad, a slow card's RSA), and C_Initialize reads every card present (CallBudget).
import type { Pkcs11 } from './pkcs11-lib.ts';
import type { CallBudget } from '../common/module-protocol.ts';

const BUDGETS: Readonly<Record<string, CallBudget>> = {
  C_Login: 'long',
  C_Sign: 'long',
  C_SignFinal: 'long',
  C_Initialize: 'init',
};

export function announcingCalls(lib: Pkcs11, announce: (name: string, budget: CallBudget) => void): Pkcs11 {
  return new Proxy(lib, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      const method = value as (...a: unknown[]) => unknown;
      // native methods need the real object as `this`, never the proxy
      if (typeof property !== 'string' || !property.startsWith('C_'))
        return (...args: unknown[]): unknown => method.apply(target, args);
      return (...args: unknown[]): unknown => {
        announce(property, BUDGETS[property] ?? 'quick');
        return method.apply(target, args);
      };
    },
  });
}
