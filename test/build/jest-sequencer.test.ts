/**
 * build/jest-sequencer.js: on a clean cache a test of scale (`*.large.test.ts`, small but
 * slow) starts first instead of last; once jest knows the durations, its own order stands.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const LargeFirstSequencer = require('../../build/jest-sequencer.js');

interface FakeTest {
  path: string;
  duration?: number;
  context: { config: { cache: boolean }; hasteFS: { getSize: (p: string) => number } };
}

const SIZES: Record<string, number> = {
  '/t/big.test.ts': 9000,
  '/t/view.test.tsx': 5000,
  '/t/recalc.large.test.ts': 1200,
  '/t/tiny.test.ts': 300,
};

function tests(durations: Record<string, number> = {}): FakeTest[] {
  const cache = new Map(Object.entries(durations).map(([p, d]) => [p, [1, d]]));
  const context = { config: { cache: false }, hasteFS: { getSize: (p: string) => SIZES[p] } };
  const seq = new LargeFirstSequencer({});
  // The durations jest would have read from its cache (none on a clean clone).
  seq._cache.set(context, Object.fromEntries(cache));
  const list = Object.keys(SIZES).map((path) => ({ path, context }));
  return seq.sort(list);
}

test('no durations known (a clean cache): the test of scale first, then the order by size', () => {
  expect(tests().map((t) => t.path)).toEqual([
    '/t/recalc.large.test.ts',
    '/t/big.test.ts',
    '/t/view.test.tsx',
    '/t/tiny.test.ts',
  ]);
});

test('durations known: the slowest first, as jest orders them, the test of scale among them', () => {
  const order = tests({
    '/t/big.test.ts': 800,
    '/t/view.test.tsx': 9000,
    '/t/recalc.large.test.ts': 4000,
    '/t/tiny.test.ts': 20,
  });
  expect(order.map((t) => t.path)).toEqual([
    '/t/view.test.tsx',
    '/t/recalc.large.test.ts',
    '/t/big.test.ts',
    '/t/tiny.test.ts',
  ]);
});
