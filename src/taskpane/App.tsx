/**
 * The task pane's shell: Fluent UI's provider in the Office theme, the views' tabs (those
 * that fit the pane's width, the rest behind "More"), and the open view (the first view comes with the
 * page; every other view's code loads when it is first opened: views/index.ts). The same App runs in Excel (on the Excel adapter) and in
 * the workbench (on the engine adapter).
 *
 * Landmarks: on its own page the pane is a banner (the page's h1 and the views' nav) and
 * the page's main; inside another page (the workbench, `embedded`) the host gives the
 * landmark around it and the pane adds none of its own but the nav.
 */
import { FluentProvider, makeStyles, tokens } from '@fluentui/react-components';
import { Suspense, useMemo, useState } from 'react';
import type { WorkbookPort } from '../workbook/port';
import { useFluentTheme, useOfficeTheme, type ThemeName } from './state/theme';
import { Spinner } from './components/later';
import { TabStrip } from './components/TabStrip';
import { VIEWS } from './views';

const useStyles = makeStyles({
  root: {
    minHeight: '100vh',
    display: 'flex',
    flexDirection: 'column',
    backgroundColor: tokens.colorNeutralBackground1,
  },
  header: {
    position: 'sticky',
    top: 0,
    zIndex: 2,
    backgroundColor: tokens.colorNeutralBackground1,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    paddingLeft: tokens.spacingHorizontalXS,
    paddingRight: tokens.spacingHorizontalXS,
  },
  main: { flexGrow: 1, display: 'flex', flexDirection: 'column', minWidth: 0 },
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
  /** Inside another page (the workbench), which gives the landmark around the pane: no main or banner of its own. */
  embedded?: boolean;
}

export default function App({ port, theme, initialView, embedded }: AppProps) {
  const themeName = useOfficeTheme(theme);
  const fluent = useFluentTheme(themeName);
  // A dark pane waits the moment its theme takes to load rather than flash light.
  if (!fluent) return null;
  return (
    <FluentProvider theme={fluent} data-theme={themeName}>
      <Shell port={port} initialView={initialView} embedded={!!embedded} />
    </FluentProvider>
  );
}

function Shell({ port, initialView, embedded }: { port: WorkbookPort; initialView?: string; embedded: boolean }) {
  const styles = useStyles();
  const [selected, setSelected] = useState(() =>
    VIEWS.some((v) => v.id === initialView) ? (initialView as string) : VIEWS[0].id,
  );
  const view = VIEWS.find((v) => v.id === selected) ?? VIEWS[0];
  const View = view.component;
  const tabs = useMemo(
    () => VIEWS.map((v) => ({ value: v.id, label: v.label, id: `tab-${v.id}`, controls: `view-${v.id}` })),
    [],
  );
  const Header = embedded ? 'div' : 'header';
  const Main = embedded ? 'div' : 'main';
  return (
    <div className={styles.root}>
      <Header className={styles.header}>
        {embedded ? null : <h1 className={styles.hidden}>Outcome ROI</h1>}
        <nav aria-label="Outcome ROI views">
          <TabStrip
            items={tabs}
            selected={view.id}
            onSelect={setSelected}
            label="Outcome ROI views"
            moreName="More views"
          />
        </nav>
      </Header>
      <Main className={styles.main}>
        <div className={styles.main} id={`view-${view.id}`} role="tabpanel" aria-label={view.label}>
          <Suspense fallback={<Spinner className={styles.loading} label={`Loading ${view.label}...`} />}>
            <View key={view.id} port={port} title={view.label} />
          </Suspense>
        </div>
      </Main>
    </div>
  );
}
