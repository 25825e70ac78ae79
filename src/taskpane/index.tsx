/**
 * Entry of the task pane bundle (taskpane.js). Waits for office.js when it is present,
 * then renders <App/> inside Fluent UI's provider. Without office.js (a plain browser,
 * or the CDN unreachable) it renders at once, so the pane never stays blank.
 */
import { createRoot } from 'react-dom/client';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import App from './App';

function mount(host: string | null): void {
  const el = document.getElementById('root');
  if (!el) return;
  createRoot(el).render(
    <FluentProvider theme={webLightTheme} style={{ minHeight: '100vh' }}>
      <App host={host} />
    </FluentProvider>,
  );
}

if (typeof Office !== 'undefined' && typeof Office.onReady === 'function') {
  Office.onReady().then(
    (info) => mount(info.host ? String(info.host) : null),
    () => mount(null),
  );
} else {
  mount(null);
}
