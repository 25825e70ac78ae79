/**
 * Entry of the task pane bundle (taskpane.js). Waits for office.js when it is present,
 * then renders <App/> on a WorkbookPort: Excel's adapter inside Excel, a port without a
 * workbook elsewhere (the form and preview still work). Without office.js (a plain
 * browser, or the CDN unreachable) it renders at once, so the pane never stays blank.
 */
import { createRoot } from 'react-dom/client';
import type { WorkbookPort } from '../workbook/port';
import App from './App';
import { createNoWorkbookPort } from './state/noWorkbookPort';

async function portFor(host: string | null): Promise<WorkbookPort> {
  // The Excel adapter (src/workbook/excel.ts) plugs in here when host === 'Excel'.
  void host;
  return createNoWorkbookPort();
}

async function mount(host: string | null): Promise<void> {
  const el = document.getElementById('root');
  if (!el) return;
  const port = await portFor(host).catch(() => createNoWorkbookPort());
  createRoot(el).render(<App port={port} />);
}

if (typeof Office !== 'undefined' && typeof Office.onReady === 'function') {
  Office.onReady().then(
    (info) => mount(info.host ? String(info.host) : null),
    () => mount(null),
  );
} else {
  void mount(null);
}
