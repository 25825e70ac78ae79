/**
 * Placeholder for the task pane's root component; the real views replace this file.
 * index.tsx renders the default export inside a FluentProvider.
 */
import { Placeholder } from './Placeholder';

export interface AppProps {
  /** The Office host (e.g. "Excel"), or null outside Office. */
  host?: string | null;
}

export default function App({ host = null }: AppProps) {
  return <Placeholder host={host} />;
}
