/**
 * Numbers in [0, 1) from a linear congruential generator: random-operation tests draw from it so
 * that a failure replays with the same seed.
 */
export function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}
