/** The core's internals the piece-by-piece timing needs (bundled by bench/lib/bundled.ts). */
export * from '../../src/core';
export { readList, firstError, unwrap, checkScalar, checkNumber, broadcastShape, elementAt } from '../../src/core/args';
export { funnelVolumes } from '../../src/core/funnel';
export { product } from '../../src/core/numeric';
