/**
 * Before the browser tests: check the browser is there (a clear message if not), compile the
 * `roi` command if a source changed, then build and start the dev server once for every test file. Its address goes to the tests in
 * WORKBENCH_BASE; global-teardown.ts stops it whatever the tests did.
 */
import { buildCli } from '../../helpers/roi-process';
import { assertBrowser, startDevServer, stopDevServer, type DevServer } from './server';

declare global {
  var __ROI_DEV_SERVER__: DevServer | undefined;
}

export default async function globalSetup(): Promise<void> {
  assertBrowser();
  // The tests run `roi` on the files the workbench writes, as users run it: the compiled command.
  buildCli();
  let server: DevServer | undefined;
  try {
    server = await startDevServer();
  } catch (e) {
    await stopDevServer(server);
    throw e;
  }
  globalThis.__ROI_DEV_SERVER__ = server;
  process.env.WORKBENCH_BASE = server.base;
  // Should the run be interrupted, do not leave the server behind.
  process.once('exit', () => {
    if (server && server.child.exitCode === null) server.child.kill('SIGKILL');
  });
}
