import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatCidr, type Cidr } from '../../net/ip.js';
import { cidrBare, cidrFull } from './cidr-text.js';

const cidr: fc.Arbitrary<Cidr> = fc.oneof(
  fc.tuple(fc.bigInt({ min: 0n, max: (1n << 32n) - 1n }), fc.integer({ min: 0, max: 32 })).map(([v, p]) => ({ family: 4 as const, base: (v >> BigInt(32 - p)) << BigInt(32 - p), prefix: p })),
  fc.tuple(fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }), fc.integer({ min: 0, max: 128 })).map(([v, p]) => ({ family: 6 as const, base: (v >> BigInt(128 - p)) << BigInt(128 - p), prefix: p })),
);

describe('cidrFull, cidrBare', () => {
  it('are formatCidr, asked once or twice', () => {
    fc.assert(
      fc.property(cidr, (c) => {
        expect([cidrFull(c), cidrFull(c)]).toEqual([formatCidr(c), formatCidr(c)]);
        expect([cidrBare(c), cidrBare(c)]).toEqual([formatCidr(c, true), formatCidr(c, true)]);
      }),
      { numRuns: 2000 },
    );
  });
  it('tell a host prefix from a network', () => {
    expect(cidrBare({ family: 4, base: 0x0a000001n, prefix: 32 })).toBe('10.0.0.1');
    expect(cidrFull({ family: 4, base: 0x0a000001n, prefix: 32 })).toBe('10.0.0.1/32');
  });
});
