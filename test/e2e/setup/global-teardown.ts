/** After the browser tests, pass or fail: stop the dev server global-setup.ts started. */
import { stopDevServer } from './server';

export default async function globalTeardown(): Promise<void> {
  await stopDevServer(globalThis.__ROI_DEV_SERVER__);
  globalThis.__ROI_DEV_SERVER__ = undefined;
}
