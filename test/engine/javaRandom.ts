// java.util.Random.nextInt(bound) over Kafka's MockRandom.next(bits) (server-common
// org.apache.kafka.server.util.MockRandom: state = state * 2862933555777941757 + 3037000493, mod 2^64), so the
// placers' tests reproduce Kafka's own expected placements.
const MASK64 = (1n << 64n) - 1n;

export class MockRandom {
  private state: bigint;

  constructor(seed = 17) {
    this.state = BigInt(seed) & MASK64;
  }

  /** MockRandom.next(bits): (int) (state >>> (64 - bits)) */
  next(bits: number): number {
    this.state = (this.state * 2862933555777941757n + 3037000493n) & MASK64;
    return Number(BigInt.asIntN(32, this.state >> BigInt(64 - bits)));
  }

  /** java.util.Random.nextInt(int bound) */
  nextInt(bound: number): number {
    if (bound <= 0) throw new Error('bound must be positive');
    let r = this.next(31);
    const m = bound - 1;
    if ((bound & m) === 0) return Number((BigInt(bound) * BigInt(r)) >> 31n);
    // for (int u = r; u - (r = u % bound) + m < 0; u = next(31));  (int overflow makes the sum negative)
    for (let u = r; ((u - (r = u % bound) + m) | 0) < 0; u = this.next(31));
    return r;
  }
}
