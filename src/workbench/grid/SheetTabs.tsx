/**
 * The sheet tabs under the grid, as in Excel: one per visible sheet, the active one raised.
 * Arrow keys move between tabs (the pane's TabStrip, every tab shown, the row scrolls);
 * hidden sheets are listed as a count.
 */
import { Caption1, makeStyles, tokens } from '@fluentui/react-components';
import { TabStrip } from '../../taskpane/components/TabStrip';

const useStyles = makeStyles({
  strip: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalM,
    minHeight: '36px',
    padding: `0 ${tokens.spacingHorizontalS}`,
    borderTop: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    backgroundColor: tokens.colorNeutralBackground2,
    overflowX: 'auto',
  },
  tabs: { flexShrink: 1, minWidth: 0 },
  hidden: { color: tokens.colorNeutralForeground3, whiteSpace: 'nowrap' },
  status: {
    marginLeft: 'auto',
    color: tokens.colorNeutralForeground3,
    whiteSpace: 'nowrap',
    paddingRight: tokens.spacingHorizontalS,
  },
});

export interface SheetTabsProps {
  sheets: Array<{ name: string; hidden: boolean }>;
  active: string;
  onSelect: (sheet: string) => void;
  /** Text at the right end of the strip (e.g. the selected cell's error message). */
  status?: string;
}

export function SheetTabs({ sheets, active, onSelect, status }: SheetTabsProps) {
  const styles = useStyles();
  const visible = sheets.filter((s) => !s.hidden);
  const hidden = sheets.length - visible.length;
  return (
    <div className={styles.strip}>
      <TabStrip
        className={styles.tabs}
        items={visible.map((s) => ({ value: s.name, label: s.name, data: { 'data-sheet-tab': s.name } }))}
        selected={active}
        onSelect={onSelect}
        label="Sheets"
        overflow={false}
      />
      {hidden > 0 ? (
        <Caption1 className={styles.hidden}>{hidden === 1 ? '1 hidden sheet' : `${hidden} hidden sheets`}</Caption1>
      ) : null}
      {status ? (
        <Caption1 className={styles.status} data-testid="status">
          {status}
        </Caption1>
      ) : null}
    </div>
  );
}
