/**
 * The pure logic of the Lead sources, Review, Share and Outcome check views: everything
 * they compute and every batch they write, through the WorkbookPort (Excel or the engine).
 * No React, no Office, no HyperFormula.
 */
export * from '../base/a1';
export * from './reading/selection';
export * from './lead-sources/scorecard';
export * from './reading/inventory';
export * from './review/evaluate';
export * from './review/explain';
export * from './review/review';
export * from './share/share';
export { showCell } from '../base/format';
export * from './outcome/outcome';
