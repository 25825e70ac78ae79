/** @jest-environment jsdom */
/**
 * The views' one async pattern (src/taskpane/state/useAsyncAction.ts): a busy label while
 * the action runs; its result and its error reach the view only while it is mounted; the
 * settled step runs before the label clears.
 */
import '../../helpers/dom-setup';
import { act, renderHook } from '@testing-library/react';
import { useAsyncAction } from '../../../src/taskpane/state/useAsyncAction';

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
