// The card → person binding kept for real HelseID (card-bindings.ts): what it answers, that it survives
// an app run, and that the file is owner-only and holds nothing a reader could use.
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileCardBindings } from '../../../src/main/auth/card-bindings.ts';

const KARIS_CARD = { issuer: 'buypass', serialNumber: 'UN:NO-9578-4050-1000001' };
let dir: string;
let file: string;
const log: string[] = [];

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'card-bindings-'));
  file = path.join(dir, 'state', 'card-bindings.json');
  log.length = 0;
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const bindings = (clientId = 'client-a') => fileCardBindings(file, clientId, (line) => log.push(line));

describe('card bindings', () => {
  it('aCardNeverProvenHere_isUnknown_thenBoundToItsPerson_acrossAppRuns', async () => {
    expect(await bindings().check(KARIS_CARD, 'sub-kari')).toBe('unknown');
    await bindings().remember(KARIS_CARD, 'sub-kari');
    const nextRun = bindings();
    expect(await nextRun.check(KARIS_CARD, 'sub-kari')).toBe('same-person');
    expect(await nextRun.check(KARIS_CARD, 'sub-ola')).toBe('other-person');
    expect(await nextRun.check({ ...KARIS_CARD, serialNumber: 'UN:NO-9578-4050-1000003' }, 'sub-ola')).toBe('unknown');
  });

  it('theFile_isOwnerOnly_andHoldsNoCardNumberNoSubjectNoName', async () => {
    await bindings().remember(KARIS_CARD, 'sub-kari');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(path.dirname(file))).mode & 0o077).toBe(0);
    const text = await readFile(file, 'utf8');
    for (const secret of ['1000001', 'sub-kari', 'buypass', 'client-a']) expect(text).not.toContain(secret);
  });

  it('anotherClient_startsWithoutBindings_soASetUpAgainWorkstationRefusesNobody', async () => {
    await bindings('client-a').remember(KARIS_CARD, 'sub-kari-at-a');
    expect(await bindings('client-b').check(KARIS_CARD, 'sub-kari-at-b')).toBe('unknown');
  });

  it('aFileOthersCanChange_isNotTrusted_andIsReplacedOwnerOnlyOnTheNextWrite', async () => {
    await bindings().remember(KARIS_CARD, 'sub-kari');
    await chmod(file, 0o666);
    const run = bindings();
    expect(await run.check(KARIS_CARD, 'sub-ola')).toBe('unknown');
    expect(log.join('\n')).toMatch(/card bindings: not used/);
    await run.remember(KARIS_CARD, 'sub-kari');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('aCorruptFile_isEmpty_notAFailure', async () => {
    await bindings().remember(KARIS_CARD, 'sub-kari');
    await writeFile(file, '{not json', { mode: 0o600 });
    expect(await bindings().check(KARIS_CARD, 'sub-ola')).toBe('unknown');
  });

  it('aCardWithoutSerialNumber_isNeverBound', async () => {
    const run = bindings();
    await run.remember({ issuer: 'buypass', serialNumber: '' }, 'sub-kari');
    expect(await run.check({ issuer: 'buypass', serialNumber: '' }, 'sub-ola')).toBe('unknown');
  });
});
