/**
 * Fluent pieces the first screen does not draw at first, loaded when something first
 * draws them (React.lazy; the rule and the figures are in docs/performance.md, "What the
 * first screen loads"): the message bar of a notice (after an action, or when the model
 * sheet changed), the radio group and table of the Scenarios section and the selects,
 * which sit below the first screen. Each is Fluent's own component, unchanged; until its
 * code has arrived (a few milliseconds from the add-in's own host) a box of its height
 * holds its place, so nothing below jumps. Spinners too: they show only while something
 * loads or runs. Import these instead of
 * '@fluentui/react-components' in a view's first screen; elsewhere import Fluent directly.
 */
import type {
  MessageBarActionsProps,
  MessageBarBodyProps,
  MessageBarProps,
  MessageBarTitleProps,
  RadioGroupProps,
  RadioProps,
  SelectProps,
  SpinnerProps,
  TableBodyProps,
  TableCellProps,
  TableHeaderCellProps,
  TableHeaderProps,
  TableProps,
  TableRowProps,
} from '@fluentui/react-components';
import { Suspense, lazy, type ComponentType, type ReactNode } from 'react';

type Parts = typeof import('./later-parts');

/** One lazily loaded component of `load`'s module, inside its own Suspense with `fallback`. */
function later<P extends object>(
  load: () => Promise<Parts>,
  pick: (m: Parts) => ComponentType<P>,
  fallback: (props: P) => ReactNode = () => null,
): ComponentType<P> {
  const Lazy = lazy(async () => ({ default: pick(await load()) })) as unknown as ComponentType<P>;
  const Later = (props: P) => (
    <Suspense fallback={fallback(props)}>
      <Lazy {...props} />
    </Suspense>
  );
  return Later;
}

const parts = () => import(/* webpackChunkName: "later" */ './later-parts');

export const MessageBar = later<MessageBarProps>(parts, (m) => m.MessageBar);
export const MessageBarBody = later<MessageBarBodyProps>(parts, (m) => m.MessageBarBody);
export const MessageBarTitle = later<MessageBarTitleProps>(parts, (m) => m.MessageBarTitle);
export const MessageBarActions = later<MessageBarActionsProps>(parts, (m) => m.MessageBarActions);

/** A select box's height while its code loads (Fluent's medium and small sizes). */
const selectBox = (p: SelectProps) => <div style={{ height: p.size === 'small' ? 24 : 32 }} />;
export const Select = later<SelectProps>(parts, (m) => m.Select, selectBox);

/** Spinners show while something loads or runs, never on the finished first screen. */
export const Spinner = later<SpinnerProps>(parts, (m) => m.Spinner);

export const RadioGroup = later<RadioGroupProps>(
  parts,
  (m) => m.RadioGroup,
  () => <div style={{ minHeight: 64 }} />,
);
export const Radio = later<RadioProps>(parts, (m) => m.Radio);

export const Table = later<TableProps>(parts, (m) => m.Table);
export const TableHeader = later<TableHeaderProps>(parts, (m) => m.TableHeader);
export const TableHeaderCell = later<TableHeaderCellProps>(parts, (m) => m.TableHeaderCell);
export const TableBody = later<TableBodyProps>(parts, (m) => m.TableBody);
export const TableRow = later<TableRowProps>(parts, (m) => m.TableRow);
export const TableCell = later<TableCellProps>(parts, (m) => m.TableCell);
