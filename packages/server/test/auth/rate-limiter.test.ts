import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../src/auth/rate-limiter.js';
import { TokenEndpointLimiter } from '../../src/auth/token-endpoint-limits.js';

function fakeClock() {
  const clock = { now: 1_000_000, tick: (ms: number) => (clock.now += ms) };
  return clock;
}

describe('RateLimiter', () => {
  it('allows a burst, then one attempt per refill interval, and says how long to wait', () => {
    const clock = fakeClock();
    const limiter = new RateLimiter({ burst: 3, perMinute: 6 }, { clock: () => clock.now });
    for (let i = 0; i < 3; i++) {
      expect(limiter.waitMs('a')).toBe(0);
      limiter.take('a');
    }
    expect(limiter.waitMs('a')).toBe(10_000);
    expect(limiter.waitMs('b')).toBe(0);
    clock.tick(4_000);
    expect(limiter.waitMs('a')).toBe(6_000);
    clock.tick(6_000);
    expect(limiter.waitMs('a')).toBe(0);
  });

  it('forgets the least recently seen keys beyond its capacity (a forgotten key starts full)', () => {
    const clock = fakeClock();
    const limiter = new RateLimiter({ burst: 1, perMinute: 1 }, { clock: () => clock.now, capacity: 2 });
    limiter.take('a');
    limiter.take('b');
    limiter.take('c');
    expect(limiter.waitMs('a')).toBe(0);
    expect(limiter.waitMs('c')).toBeGreaterThan(0);
  });
});

describe('TokenEndpointLimiter', () => {
  const policies = { requestsPerAddress: { burst: 5, perMinute: 5 }, failuresPerAddress: { burst: 2, perMinute: 2 }, failuresPerClient: { burst: 3, perMinute: 3 } };

  it('counts failures per address and per client id, and every request per address', () => {
    const clock = fakeClock();
    const limiter = new TokenEndpointLimiter(policies, { clock: () => clock.now });
    expect(limiter.admit('10.0.0.1', 'c1')).toBe(0);
    limiter.recordFailure('10.0.0.1', 'c1');
    expect(limiter.admit('10.0.0.1', 'c1')).toBe(0);
    limiter.recordFailure('10.0.0.1', 'c1');
    // The address is out of failures (Retry-After in whole seconds); another address is not.
    expect(limiter.admit('10.0.0.1', 'c2')).toBe(30);
    expect(limiter.admit('10.0.0.2', 'c1')).toBe(0);
    limiter.recordFailure('10.0.0.2', 'c1');
    // Client c1 has failed three times over two addresses: a third address waits for it too.
    expect(limiter.admit('10.0.0.3', 'c1')).toBe(20);
    expect(limiter.admit('10.0.0.3', 'c2')).toBe(0);
    // Successes never count as failures, but every request counts against the address.
    for (let i = 0; i < 3; i++) expect(limiter.admit('10.0.0.4', undefined)).toBe(0);
    expect(limiter.admit('10.0.0.4', undefined)).toBe(0);
    expect(limiter.admit('10.0.0.4', undefined)).toBe(0);
    expect(limiter.admit('10.0.0.4', undefined)).toBe(12);
  });
});
