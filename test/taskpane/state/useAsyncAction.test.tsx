/** @jest-environment jsdom */
/**
 * The views' one async pattern (src/taskpane/state/useAsyncAction.ts): a busy label while
 * the action runs; its result and its error reach the view only while it is mounted; the
 * settled step runs before the label clears.
 */
import '../../helpers/dom-setup';
import { act, renderHook } from '@testing-library/react';
import { stopIfCancelled } from '../../../src/base/progress';
import { PROGRESS_AFTER_MS, useAsyncAction } from '../../../src/taskpane/state/useAsyncAction';

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

test('busy while running; the result shown, then settled, then not busy', async () => {
  const { result } = renderHook(() => useAsyncAction<'reading'>());
  const d = deferred<number>();
  const seen: string[] = [];
  let running!: Promise<void>;
  act(() => {
    running = result.current.run(
      'reading',
      async () => {
        const n = await d.promise;
        return () => void seen.push(`shown ${n}`);
      },
      { settled: () => void seen.push(`settled while ${result.current.busy}`) },
    );
  });
  expect(result.current.busy).toBe('reading');
  await act(async () => {
    d.resolve(7);
    await running;
  });
  expect(seen).toEqual(['shown 7', 'settled while reading']);
  expect(result.current.busy).toBeNull();
});

test('an error goes to failed; after unmount nothing is shown at all', async () => {
  const { result, unmount } = renderHook(() => useAsyncAction<'writing'>('writing'));
  const failures: unknown[] = [];
  await act(() =>
    result.current.run(
      'writing',
      async () => {
        throw new Error('nope');
      },
      { failed: (e) => failures.push(e) },
    ),
  );
  expect(failures).toHaveLength(1);

  const d = deferred<void>();
  const late: string[] = [];
  let running!: Promise<void>;
  act(() => {
    running = result.current.run(
      'writing',
      async () => {
        await d.promise;
        return () => void late.push('shown');
      },
      { failed: () => late.push('failed'), settled: () => void late.push('settled') },
    );
  });
  unmount();
  d.resolve();
  await running;
  result.current.whileMounted(() => late.push('whileMounted'));
  expect(late).toEqual([]);
});

describe('progress and cancel (long work)', () => {
  afterEach(() => jest.useRealTimers());

  test('no progress before PROGRESS_AFTER_MS; then the latest step, at most once per whole percent', async () => {
    jest.useFakeTimers();
    const { result } = renderHook(() => useAsyncAction<'reviewing'>());
    const d = deferred<void>();
    let report!: (done: number) => void;
    let running!: Promise<void>;
    act(() => {
      running = result.current.run('reviewing', async (control) => {
        report = (done) => control.progress({ done, total: 1000, what: 'formulas checked' });
        await d.promise;
      });
    });
    act(() => report(10));
    expect(result.current.progress).toBeNull(); // quick work never shows a bar
    act(() => jest.advanceTimersByTime(PROGRESS_AFTER_MS));
    expect(result.current.progress).toEqual({ done: 10, total: 1000, what: 'formulas checked' });
    const before = result.current.progress;
    act(() => {
      for (let i = 11; i < 20; i++) report(i); // still 1%
    });
    expect(result.current.progress).toBe(before);
    act(() => report(20));
    expect(result.current.progress?.done).toBe(20);
    await act(async () => {
      d.resolve();
      await running;
    });
    expect(result.current.progress).toBeNull();
    expect(result.current.busy).toBeNull();
  });

  test('cancel aborts the signal; WorkCancelled goes to cancelled, not failed', async () => {
    const { result } = renderHook(() => useAsyncAction<'freezing'>());
    const seen: string[] = [];
    const d = deferred<void>();
    let running!: Promise<void>;
    act(() => {
      running = result.current.run(
        'freezing',
        async (control) => {
          await d.promise;
          stopIfCancelled(control);
          seen.push('wrote');
        },
        { failed: () => seen.push('failed'), cancelled: () => seen.push('cancelled') },
      );
    });
    act(() => result.current.cancel());
    await act(async () => {
      d.resolve();
      await running;
    });
    expect(seen).toEqual(['cancelled']);
    expect(result.current.busy).toBeNull();
  });
});
