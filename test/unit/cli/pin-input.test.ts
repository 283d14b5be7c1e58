// PIN input: bytes straight into a Buffer, first line only, chunks zeroed, Ctrl-C cancels.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readPinFromStream, readPinFromTerminal } from '../../../src/main/cli/pin-input.ts';

function fakeTerminal() {
  const input = Object.assign(new PassThrough(), {
    isTTY: true,
    rawModes: [] as boolean[],
    setRawMode(mode: boolean) {
      this.rawModes.push(mode);
    },
  });
  const prompt = new PassThrough();
  let shown = '';
  prompt.on('data', (c: Buffer) => (shown += c.toString()));
  return { input, prompt, shown: () => shown };
}

describe('PIN input', () => {
  it('pinFromStdin_readsFirstLineWithoutNewlineAndZeroesChunks', async () => {
    const input = new PassThrough();
    const chunk = Buffer.from('1234\r\nnext line\n');
    const pin = readPinFromStream(input);
    input.write(chunk);
    expect((await pin).toString()).toBe('1234');
    expect(chunk.every((b) => b === 0)).toBe(true);
  });

  it('pinFromStdin_withEmptyInput_isCancelled', async () => {
    const input = new PassThrough();
    const pin = readPinFromStream(input);
    input.end();
    await expect(pin).rejects.toMatchObject({ code: 'card-pin-cancelled' });
  });

  it('terminalPin_handlesBackspaceWithoutEchoAndRestoresMode', async () => {
    const t = fakeTerminal();
    const pin = readPinFromTerminal(t.input, t.prompt, 'PIN: ');
    t.input.write(Buffer.from('12x\x7f34\r'));
    expect((await pin).toString()).toBe('1234');
    expect(t.input.rawModes).toEqual([true, false]);
    expect(t.shown()).toBe('PIN: \n'); // nothing of the PIN, not even stars
  });

  it('terminalPin_ctrlC_cancels', async () => {
    const t = fakeTerminal();
    const pin = readPinFromTerminal(t.input, t.prompt, 'PIN: ');
    t.input.write(Buffer.from('12\x03'));
    await expect(pin).rejects.toMatchObject({ code: 'card-pin-cancelled' });
    expect(t.input.rawModes).toEqual([true, false]);
  });
});
