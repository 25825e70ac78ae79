/**
 * The month-by-month plan in the preview, compact: one row per month (the fiscal year's
 * months from its start, after "Before the year"), the revenue to close, the leads that
 * must arrive and the deals that close, as the sheet's "Month by month" block computes
 * them. Months as rows, so it fits the task pane's width. Loaded only when the preview
 * shows it (not with the first screen).
 */
import {
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { formatValue } from '../../base/format';
import { isRoiError, type RoiError } from '../../core';
import { FORMATS, type MonthPlan, type PreviewValue } from '../../features/model';

const useStyles = makeStyles({
  table: { tableLayout: 'auto' },
  num: { textAlign: 'right', fontVariantNumeric: 'tabular-nums' },
  before: { fontStyle: 'italic' },
});

function text(v: PreviewValue, format: string): string {
  return isRoiError(v) ? (v as RoiError).code : v === '' ? '' : formatValue(v, format);
}

export default function MonthPlanTable({ months }: { months: MonthPlan }) {
  const styles = useStyles();
  const rows = [
    { key: 'before', label: 'Before the year', target: '' as PreviewValue, leads: months.leads.before, deals: '' },
    ...months.labels.map((label, m) => ({
      key: String(m),
      label,
      target: months.targets[m],
      leads: months.leads.months[m],
      deals: months.deals.months[m],
    })),
  ];
  return (
    <Table size="extra-small" className={styles.table} aria-label="The plan month by month" data-testid="month-plan">
      <TableHeader>
        <TableRow>
          <TableHeaderCell>Month</TableHeaderCell>
          <TableHeaderCell className={styles.num}>Revenue</TableHeaderCell>
          <TableHeaderCell className={styles.num}>{months.leads.name}</TableHeaderCell>
          <TableHeaderCell className={styles.num}>Deals</TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        {rows.map((r) => (
          <TableRow key={r.key} data-month={r.key}>
            <TableCell className={r.key === 'before' ? styles.before : undefined}>{r.label}</TableCell>
            <TableCell className={styles.num}>{text(r.target, FORMATS.money)}</TableCell>
            <TableCell className={styles.num} style={{ color: tokens.colorNeutralForeground1 }}>
              {text(r.leads, FORMATS.count)}
            </TableCell>
            <TableCell className={styles.num}>{text(r.deals, FORMATS.count)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
