// Issue 21, item 9, the app's side: when Selvbetjening refuses with a rule (a validation error, a
// conflict: a key another client has, a redirect off this machine, an unconfirmed addition), the
// person reads that it said no and that trying the same again will not help — no "Prøv igjen" —
// and IT reads the rule and the fields under "Detaljer for IT". A 5xx stays retriable.
import { describe, expect, it } from 'vitest';
import { problemError } from '../../../src/main/provisioning/selvbetjening-errors.ts';
import { errorText } from '../../../src/shared/errors/error-texts.ts';
import { itDetails } from '../../../src/shared/errors/it-details.ts';

const problem = (status: number, body: object) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/problem+json' } });

describe("Selvbetjening's refusals in words", () => {
  it.each([
    [409, { title: 'Conflict', status: 409, detail: 'this public key is already registered for another client' }],
    [
      400,
      {
        title: 'One or more validation errors occurred.',
        status: 400,
        detail: 'postClientConfirmationRedirectUri: must be an http address on this machine',
        errors: { postClientConfirmationRedirectUri: ['must be an http address on this machine'] },
      },
    ],
  ])('refusal %i_isSaidNo_notRetriable_theRuleForIt', async (status, body) => {
    const err = await problemError(problem(status, body), 'client-drafts');
    expect(err).toMatchObject({ code: 'selvbetjening-refused', retriable: false, detail: { status } });
    expect(errorText(err.code, 'nb', err.detail)).toMatchObject({
      title: 'Selvbetjening sa nei',
      what: expect.stringContaining('Å prøve det samme igjen hjelper ikke'),
    });
    const forIt = itDetails(err.toData(), 'nb').map((l) => l.text);
    // the rule Selvbetjening named (long field names may be hidden by the cleaning of server text)
    expect(forIt.join('\n')).toMatch(/already registered for another client|must be an http address on this machine/);
  });

  it('a503_staysSelvbetjeningError_retriable', async () => {
    const err = await problemError(problem(503, { title: 'Service Unavailable', status: 503 }), 'client-drafts');
    expect(err).toMatchObject({ code: 'selvbetjening-error', retriable: true });
  });
});
