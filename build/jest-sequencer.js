/**
 * The order jest starts the unit test files in. Jest runs the slowest files first when it
 * knows their durations (from its cache), and otherwise, as on CI's clean clone, the largest
 * files first. A test of scale is a small file that runs for seconds (recalc of 50,000
 * formulas): by size it started last, alone on one core while the other sat idle, about
 * 2 s of the run's wall time. Such files are named `*.large.test.ts`, and without a known
 * duration they start first; everything else keeps jest's order.
 */
const Sequencer = require('@jest/test-sequencer').default;

const LARGE = /\.large\.test\.tsx?$/;

class LargeFirstSequencer extends Sequencer {
  sort(tests) {
    const sorted = super.sort(tests);
    const first = sorted.filter((t) => t.duration == null && LARGE.test(t.path));
    return first.length ? [...first, ...sorted.filter((t) => !first.includes(t))] : sorted;
  }
}

module.exports = LargeFirstSequencer;
