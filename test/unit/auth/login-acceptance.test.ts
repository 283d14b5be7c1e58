// The one decision whether a login is kept (login-acceptance.ts), rule by rule, and the name rule's
// spelling forgiveness (person-names.ts). The refusal names the rule for IT, never a name or number.
import { describe, expect, it } from 'vitest';
import {
  acceptLogin,
  AUTH_TIME_TOLERANCE_SECONDS,
  type CardHolder,
  type LoginFacts,
} from '../../../src/main/auth/login-acceptance.ts';
import { compareNames } from '../../../src/main/auth/person-names.ts';

const STARTED = 1_900_000_000;
const PER_CARD: CardHolder = {
  issuer: 'buypass',
  commonName: 'Per Uten-Hpr',
  givenName: 'Per',
  familyName: 'Uten-Hpr',
  serialNumber: 'UN:NO-9578-4050-1000003',
};
const PER = {
  sub: 'sub-per',
  auth_time: STARTED + 12,
  idp: 'buypass-oidc',
  given_name: 'Per',
  family_name: 'Uten-Hpr',
  name: 'Per Uten-Hpr',
  'helseid://claims/identity/pid': '24886299806',
};
const OLA = {
  ...PER,
  sub: 'sub-ola',
  idp: 'commfides-oidc',
  given_name: 'Ola',
  middle_name: 'Johan',
  family_name: 'Hansen',
  name: 'Ola Johan Hansen',
  'helseid://claims/identity/pid': '02857199823',
};

const facts = (o: Partial<LoginFacts> = {}): LoginFacts => ({
  claims: PER,
  startedAt: STARTED,
  expectedIdp: 'buypass-oidc',
  card: PER_CARD,
  binding: 'unknown',
  ...o,
});
const refusal = (o: Partial<LoginFacts>) => {
  const verdict = acceptLogin(facts(o));
  if (verdict.verdict !== 'refused') throw new Error('accepted');
  return verdict;
};

describe('acceptLogin', () => {
  it('freshLoginByTheCardHolder_throughTheCardsIdp_isAccepted', () => {
    expect(acceptLogin(facts())).toEqual({ verdict: 'accepted' });
  });

  it('ssoSessionFromBeforeTheLogin_isRefusedByAuthTime', () => {
    const verdict = refusal({ claims: { ...PER, auth_time: STARTED - 600 } });
    expect(verdict.rule).toBe('auth_time');
    expect(verdict.error.code).toBe('login-other-person');
    expect(verdict.error.detail).toMatchObject({ rule: 'auth_time', authenticated_seconds_before_login: 600 });
  });

  it('authTimeWithinTheTolerance_isAccepted_justBeyond_isRefused', () => {
    const at = (t: number) => acceptLogin(facts({ claims: { ...PER, auth_time: t } })).verdict;
    expect(at(STARTED - AUTH_TIME_TOLERANCE_SECONDS)).toBe('accepted');
    expect(at(STARTED - AUTH_TIME_TOLERANCE_SECONDS - 1)).toBe('refused');
  });

  it('missingAuthTime_isRefused', () => {
    const { auth_time: _dropped, ...withoutAuthTime } = PER;
    expect(refusal({ claims: withoutAuthTime }).error.detail).toMatchObject({
      rule: 'auth_time',
      auth_time: 'missing',
    });
  });

  it('anotherIdp_isRefused_namingBothIdps', () => {
    const verdict = refusal({ claims: { ...PER, idp: 'commfides-oidc' } });
    expect(verdict.error.detail).toMatchObject({ rule: 'idp', expected_idp: 'buypass-oidc', idp: 'commfides-oidc' });
  });

  it('anotherPerson_isRefusedByName_andTheDetailNamesNobody', () => {
    const verdict = refusal({ claims: { ...OLA, idp: 'buypass-oidc' } });
    expect(verdict.rule).toBe('name');
    const text = JSON.stringify(verdict.error.detail);
    for (const secret of ['Ola', 'Hansen', 'Per', '02857199823', '24886299806', 'sub-ola'])
      expect(text).not.toContain(secret);
  });

  it('theExpiredSessionRideOfTheIssue_failsEveryRuleItCan_andSaysSo', () => {
    // Ola's Commfides session from before the login, answering Per's Buypass card login; no card signature
    const verdict = refusal({
      claims: { ...OLA, auth_time: STARTED - 3600 },
      cardSignature: { signedSerialNumber: undefined },
    });
    expect(verdict.error.detail?.['failed']).toBe('auth_time, idp, signature, name');
  });

  it('embeddedAuthority_cardNeverAskedToSign_isRefusedBySignature', () => {
    const verdict = refusal({ cardSignature: { signedSerialNumber: undefined } });
    expect(verdict.error.detail).toMatchObject({ rule: 'signature', signature: 'the card was never asked to sign' });
  });

  it('embeddedAuthority_anotherCardSigned_isRefused_theChosenCardSigned_isAccepted', () => {
    expect(refusal({ cardSignature: { signedSerialNumber: 'UN:NO-9578-4050-1000001' } }).rule).toBe('signature');
    expect(acceptLogin(facts({ cardSignature: { signedSerialNumber: PER_CARD.serialNumber } })).verdict).toBe(
      'accepted',
    );
  });

  it('cardBoundToAnotherPerson_isRefused_evenWithTheSameNames', () => {
    expect(refusal({ binding: 'other-person' }).rule).toBe('card-binding');
    expect(acceptLogin(facts({ binding: 'same-person' })).verdict).toBe('accepted');
  });

  it('testIdpLogin_endingAsAnotherPersonThanTestPid_isRefused', () => {
    const testIdp = { card: undefined, expectedIdp: 'testidp-oidc', claims: { ...OLA, idp: 'testidp-oidc' } };
    expect(refusal({ ...testIdp, testPid: '24886299806' }).rule).toBe('test_pid');
    expect(acceptLogin(facts({ ...testIdp, testPid: '02857199823' })).verdict).toBe('accepted');
  });
});

describe('compareNames: the card certificate holder against the ID token person', () => {
  const card = (commonName: string, givenName?: string, familyName?: string) => ({ commonName, givenName, familyName });

  it.each([
    [
      'accents and case',
      card('HÅKON SØRENSEN', 'HÅKON', 'SØRENSEN'),
      { given_name: 'Haakon', family_name: 'Soerensen' },
    ],
    [
      'a middle name only in the registry',
      card('Ola Hansen', 'Ola', 'Hansen'),
      { given_name: 'Ola', middle_name: 'Johan', family_name: 'Hansen' },
    ],
    [
      'a middle name on the card among the given names',
      card('Ola Johan Hansen', 'Ola Johan', 'Hansen'),
      { given_name: 'Ola', middle_name: 'Johan', family_name: 'Hansen' },
    ],
    [
      'a middle name that is a family name',
      card('Kari Berg', 'Kari', 'Berg'),
      { given_name: 'Kari', middle_name: 'Berg', family_name: 'Nordmann' },
    ],
    ['hyphens and spaces', card('Per Uten Hpr', 'Per', 'Uten Hpr'), { given_name: 'Per', family_name: 'Uten-Hpr' }],
    [
      'CN only on the card',
      card('Ola Johan Hansen'),
      { given_name: 'Ola', middle_name: 'Johan', family_name: 'Hansen' },
    ],
    ['name only in the token', card('Kari Nordmann', 'Kari', 'Nordmann'), { name: 'Kari Nordmann' }],
  ])('%s_isTheSamePerson', (_case, holder, claims) => {
    expect(compareNames(holder, claims)).toBe('same');
  });

  it.each([
    ['another family name', card('Kari Nordmann', 'Kari', 'Nordmann'), { given_name: 'Kari', family_name: 'Hansen' }],
    ['another given name', card('Kari Nordmann', 'Kari', 'Nordmann'), { given_name: 'Ola', family_name: 'Nordmann' }],
    [
      'another person altogether',
      card('Per Uten-Hpr', 'Per', 'Uten-Hpr'),
      { given_name: 'Ola', middle_name: 'Johan', family_name: 'Hansen' },
    ],
  ])('%s_isAnotherPerson', (_case, holder, claims) => {
    expect(compareNames(holder, claims)).toBe('different');
  });

  it('noNamesInTheIdToken_cannotBeCompared', () => {
    expect(compareNames(card('Kari Nordmann', 'Kari', 'Nordmann'), {})).toBe('not-comparable');
  });
});
