/**
 * How many bytes a piece of work allocates on the JavaScript heap, and how many of them
 * it keeps: the figures that promise "nothing allocated per element beyond the result"
 * measure it instead of asserting it.
 *
 * Allocated: V8's GC profiler (node:v8 GCProfiler) reports the heap's used size before
 * and after every collection during the work; allocated = used after - used before + what
 * each collection freed. Kept: the growth of the used heap between two full collections
 * (the work's result held alive in between). Allocated minus kept is what the work threw
 * away: temporaries, copies, boxed intermediates.
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import { median, sink } from './measure';

let gc: ((options?: { type: 'minor' | 'major' }) => void) | undefined;

function exposedGc(): (options?: { type: 'minor' | 'major' }) => void {
  if (!gc) {
    v8.setFlagsFromString('--expose-gc');
    gc = vm.runInNewContext('gc') as (options?: { type: 'minor' | 'major' }) => void;
  }
  return gc;
}

/** A full garbage collection (V8's gc(), exposed for this process on first use). */
export function collect(): void {
  exposedGc()();
}

/**
 * A collection of the young generation only: what timed work of a large result runs
 * after, so that each run starts with an empty nursery instead of inheriting the garbage
 * of the run before it (which would make the collections fall on one side of an
 * interleaved comparison).
 */
export function collectYoung(): void {
  exposedGc()({ type: 'minor' });
}

export interface Allocation {
  /** Bytes allocated while the work ran. */
  allocated: number;
  /** Bytes still used after a full collection, with the work's result kept alive. */
  kept: number;
  /** allocated - kept: what the work threw away. */
  thrownAway: number;
}

/** One measurement of `work` (its result is kept alive until the second collection). */
export function allocationOf(work: () => unknown): Allocation {
  collect();
  const before = v8.getHeapStatistics().used_heap_size;
  const profiler = new v8.GCProfiler();
  profiler.start();
  const start = v8.getHeapStatistics().used_heap_size;
  const result = work();
  const end = v8.getHeapStatistics().used_heap_size;
  const { statistics } = profiler.stop();
  let freed = 0;
  for (const s of statistics) freed += s.beforeGC.heapStatistics.usedHeapSize - s.afterGC.heapStatistics.usedHeapSize;
  collect();
  const after = v8.getHeapStatistics().used_heap_size;
  sink(Array.isArray(result) ? result.length : 1); // the result is used after the second collection: kept alive through it
  const allocated = end - start + freed;
  const kept = after - before;
  return { allocated, kept, thrownAway: allocated - kept };
}

/** The median of each figure over `rounds` measurements (after one unmeasured run of the work). */
export function medianAllocation(work: () => unknown, rounds = 7): Allocation {
  work();
  const a: Allocation[] = [];
  for (let i = 0; i < rounds; i++) a.push(allocationOf(work));
  return {
    allocated: median(a.map((x) => x.allocated)),
    kept: median(a.map((x) => x.kept)),
    thrownAway: median(a.map((x) => x.thrownAway)),
  };
}
