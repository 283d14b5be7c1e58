import { describe, expect, it } from 'vitest';
import { PinBroker } from '../../../src/main/controller/pin-broker.ts';

describe('PinBroker', () => {
  it('submit_withTheOpenRequestId_resolvesWithABuffer', async () => {
    const broker = new PinBroker();
    let id = '';
    const pin = broker.ask('card-1', (r) => (id = r.requestId));
    broker.submit(id, '1234');
    expect((await pin).toString()).toBe('1234');
    expect(broker.open).toBeUndefined();
  });

  it('submit_withAStaleRequestId_isRefused', async () => {
    const broker = new PinBroker();
    const first = broker.ask('card-1', () => {});
    const stale = broker.open!.requestId;
    const second = broker.ask('card-1', () => {});
    await expect(first).rejects.toMatchObject({ code: 'login-cancelled' });
    expect(() => broker.submit(stale, '1234')).toThrow(expect.objectContaining({ code: 'pin-request-expired' }));
    broker.cancel(new Error('done'));
    await expect(second).rejects.toThrow('done');
  });
});
