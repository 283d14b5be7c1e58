// How strict the emulated HelseID is where HelseID itself is lenient today or may tighten. The
// default is HelseID's behaviour as NHN's documents show it ("as strict as HelseID, no stricter");
// the knobs make it stricter (tests of our own client, which sends the strict forms) or accept a
// legacy form. Changed at run time through `env.rules.set` (tests) or cli.ts flags.

export interface RuleSettings {
  /** require client assertion header `typ: client-authentication+jwt` (HelseID also takes `JWT` or
   * no typ today: its documentation page shows `JWT`; NHN's libraries send the strict form) */
  strictAssertionTyp: boolean;
  /** also accept the token endpoint URL (and the issuer with a trailing slash, as HelseID's older
   * documentation example shows) as client assertion `aud`; the issuer alone is the current rule */
  legacyAssertionAudience: boolean;
}

export interface RuleControl {
  readonly settings: Readonly<RuleSettings>;
  set(changes: Partial<RuleSettings>): void;
  reset(): void;
}

/** HelseID as documented: lenient typ, issuer-only audience. */
export const HELSEID_RULES: Readonly<RuleSettings> = { strictAssertionTyp: false, legacyAssertionAudience: false };
/** What our own client sends: every strict knob on. */
export const STRICT_RULES: Readonly<RuleSettings> = { strictAssertionTyp: true, legacyAssertionAudience: false };

export class Rules implements RuleControl {
  readonly #initial: RuleSettings;
  #settings: RuleSettings;

  constructor(initial: Partial<RuleSettings> = {}) {
    this.#initial = { ...HELSEID_RULES, ...initial };
    this.#settings = { ...this.#initial };
  }

  get settings(): Readonly<RuleSettings> {
    return this.#settings;
  }

  set(changes: Partial<RuleSettings>): void {
    this.#settings = { ...this.#settings, ...changes };
  }

  /** back to what the environment was started with */
  reset(): void {
    this.#settings = { ...this.#initial };
  }
}
