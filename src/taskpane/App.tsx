/**
 * The task pane's shell: Fluent UI's provider in the Office theme, a tab per view, and the
 * open view (each view's code loads when its tab is first opened). The same App runs in
 * Excel (on the Excel adapter) and in the workbench (on the engine adapter).
 */
import { FluentProvider, Spinner, Tab, TabList, makeStyles, tokens } from '@fluentui/react-components';
import { Suspense, useState } from 'react';
import type { WorkbookPort } from '../workbook/port';
import { fluentTheme, useOfficeTheme, type ThemeName } from './state/theme';
import { VIEWS } from './views';

const useStyles = makeStyles({
  root: {
    minHeight: '100vh',
    display: 'flex',
    flexDirection: 'column',
    backgroundColor: tokens.colorNeutralBackground1,
  },
  tabs: {
    position: 'sticky',
    top: 0,
    zIndex: 1,
    backgroundColor: tokens.colorNeutralBackground1,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    overflowX: 'auto',
  },
  main: { flexGrow: 1, display: 'flex', flexDirection: 'column' },
  loading: { padding: tokens.spacingVerticalXXL },
  /** Read by screen readers, not shown: the page's one h1. */
  hidden: {
    position: 'absolute',
    width: '1px',
    height: '1px',
    margin: '-1px',
    padding: 0,
    overflow: 'hidden',
    clipPath: 'inset(50%)',
    whiteSpace: 'nowrap',
    border: 0,
  },
});

export interface AppProps {
  /** Where the views read and write the workbook: Excel's adapter, or the engine's. */
  port: WorkbookPort;
  /** Force a theme (workbench, tests); by default the Office theme is followed. */
  theme?: ThemeName;
  /** The view to open first (an id from views/index.ts); "model" by default. */
  initialView?: string;
}

export default function App({ port, theme, initialView }: AppProps) {
  const themeName = useOfficeTheme(theme);
  return (
    <FluentProvider theme={fluentTheme(themeName)} data-theme={themeName}>
      <Shell port={port} initialView={initialView} />
    </FluentProvider>
  );
}

function Shell({ port, initialView }: { port: WorkbookPort; initialView?: string }) {
  const styles = useStyles();
  const [selected, setSelected] = useState(() =>
    VIEWS.some((v) => v.id === initialView) ? (initialView as string) : VIEWS[0].id,
  );
  const view = VIEWS.find((v) => v.id === selected) ?? VIEWS[0];
  const View = view.component;
  return (
    <div className={styles.root}>
      <h1 className={styles.hidden}>Outcome ROI</h1>
      <TabList
        className={styles.tabs}
        size="small"
        selectedValue={selected}
        onTabSelect={(_e, d) => setSelected(String(d.value))}
        aria-label="Outcome ROI views"
      >
        {VIEWS.map((v) => (
          <Tab key={v.id} value={v.id} id={`tab-${v.id}`} aria-controls={`view-${v.id}`}>
            {v.label}
          </Tab>
        ))}
      </TabList>
      <main className={styles.main} id={`view-${view.id}`} role="tabpanel" aria-labelledby={`tab-${view.id}`}>
        <Suspense fallback={<Spinner className={styles.loading} label={`Loading ${view.label}...`} />}>
          <View key={view.id} port={port} title={view.label} />
        </Suspense>
      </main>
    </div>
  );
}
