import { startPcscCards } from './authority/cards/piv/pcsc-cards.ts';
import { loadOrCreateTestCas } from './authority/cards/test-cas.ts';
import { createPkcs11CardService } from './src/main/card/pkcs11-card-service.ts';
import { mkdtemp } from 'node:fs/promises';
const dir = await mkdtemp('/tmp/pcsctry-');
const cards = await startPcscCards({
  stateDir: dir,
  cas: await loadOrCreateTestCas(dir + '/ca'),
  insertAll: false,
  log: console.log,
  commandDelay: { ms: 40, jitterMs: 15, seed: 7 },
});
const mode = process.argv[2] as 'auto' | 'off';
const t0 = performance.now();
const ts = () => (performance.now() - t0).toFixed(0).padStart(6);
const svc = createPkcs11CardService({
  modules: [cards.module],
  probeDefaults: false,
  pcsc: mode,
  log: (l) => console.log(ts(), l),
});
await svc.start();
svc.onChange((s, e) => console.log(ts(), e.type, JSON.stringify(s.readers.map((r) => r.hasCard))));
try {
  for (let i = 0; i < 3; i++) {
    console.log(ts(), 'insert');
    await cards.insert('PIV Buypass Kari Nordmann');
    console.log(ts(), 'inserted (pcscd saw it)');
    await new Promise((r) => setTimeout(r, 3000));
    console.log(ts(), 'remove');
    await cards.remove('PIV Buypass Kari Nordmann');
    await new Promise((r) => setTimeout(r, 1500));
  }
} finally {
  await svc.stop();
  await cards.close();
}
