/**
 * The pure logic of the Lead sources, Review, Share and Outcome check views: everything
 * they compute and every batch they write, through the WorkbookPort (Excel or the engine).
 * No React, no Office, no HyperFormula.
 */
export * from './a1';
export * from './selection';
export * from './scorecard';
export * from './inventory';
export * from './evaluate';
export * from './explain';
export * from './review';
export * from './share';
export * from './show';
export * from './outcome';
