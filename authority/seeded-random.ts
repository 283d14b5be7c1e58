// A deterministic PRNG (mulberry32): the same seed gives the same sequence, so a run's random
// delays — a virtual card's per-command jitter, a test's or a benchmark's random pull moments — can
// be replayed exactly. Not for secrets.
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
