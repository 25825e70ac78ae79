/**
 * Entry of the task pane bundle (taskpane.js): renders <App/> on a WorkbookPort, Excel's
 * adapter inside Excel and a port without a workbook elsewhere (the form and preview
 * still work). It waits for office.js when present; if Office.onReady has not settled
 * after a few seconds (office.js unreachable, a plain browser) it renders anyway and
 * re-renders on the right port should Office turn up later, so the pane never stays blank.
 */
import { createRoot, type Root } from 'react-dom/client';
import { createExcelWorkbook } from '../workbook/excel';
import type { WorkbookPort } from '../workbook/port';
import App from './App';
import { createNoWorkbookPort } from './state/noWorkbookPort';

const OFFICE_WAIT_MS = 5000;

async function portFor(host: string | null): Promise<WorkbookPort> {
  if (host === 'Excel' && typeof Excel !== 'undefined') return createExcelWorkbook();
  return createNoWorkbookPort();
}

let root: Root | null = null;

async function mount(host: string | null): Promise<void> {
  const el = document.getElementById('root');
  if (!el) return;
  const port = await portFor(host).catch(() => createNoWorkbookPort());
  root ??= createRoot(el);
  root.render(<App port={port} />);
}

if (typeof Office !== 'undefined' && typeof Office.onReady === 'function') {
  let settled = false;
  const timer = setTimeout(() => void (settled || mount(null)), OFFICE_WAIT_MS);
  Office.onReady().then(
    (info) => {
      settled = true;
      clearTimeout(timer);
      if (info.host || !root) void mount(info.host ? String(info.host) : null);
    },
    () => {
      settled = true;
      clearTimeout(timer);
      if (!root) void mount(null);
    },
  );
} else {
  void mount(null);
}
