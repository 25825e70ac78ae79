/**
 * The size budgets of what Excel loads, gzipped (zlib level 9), in one place: the bench's
 * bundle figure (bench/figures/bundle.ts) reports against them and the build test
 * (test/build/build.test.ts) asserts them. Why each number is what it is:
 * docs/performance.md, figure 4.
 */

const KB = 1024;

module.exports = {
  /** functions.js: 30 KB (issue 16.6), less a 2 KB margin for new functions. */
  FUNCTIONS_TARGET: 30 * KB,
  FUNCTIONS_BUDGET: 28 * KB,
  /**
   * The first screen: every script (and stylesheet) the task pane page loads plus the first
   * view's, if it were lazy (issue 16.2's target: 140 KB). Met since React 18, Griffel's
   * build-time styles, Fluent's tokens and theme as values (build/fluent-tokens.js) and
   * the writes (Excel's adapter's and the model's) loaded on the first write
   * (docs/performance.md, figure 4).
   */
  FIRST_SCREEN_TARGET: 140 * KB,
  /**
   * What the build test holds the first screen to, so it cannot grow unnoticed: today's
   * 138.5 KB plus 2 KB of headroom. Code the first screen does not draw loads with
   * React.lazy or import() (components/later.tsx, a lazy section or view, the writes);
   * whatever else must be drawn at first has to find its room under the target.
   */
  FIRST_SCREEN_BUDGET: 140.5 * KB,
  /**
   * Packages the first screen never draws at first, so that none of them may be in its
   * scripts (each loads later: components/later.tsx, the dark theme, the dialogs, the
   * other views). A path fragment of node_modules per package.
   */
  NOT_ON_FIRST_SCREEN: [
    '@fluentui/react-tooltip/',
    '@fluentui/react-positioning/',
    '@fluentui/react-portal/',
    '@floating-ui/',
    'tabster/',
    '@fluentui/react-message-bar/',
    '@fluentui/react-select/',
    '@fluentui/react-radio/',
    '@fluentui/react-table/',
    '@fluentui/react-spinner/',
    '@fluentui/react-progress/',
    '@fluentui/react-dialog/',
    '@fluentui/react-menu/',
    '@fluentui/tokens/lib/alias/darkColor',
    'papaparse/',
    'fflate/',
  ],
};
