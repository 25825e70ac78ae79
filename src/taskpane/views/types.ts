import type { WorkbookPort } from '../../workbook/port';

/** What every view receives from the shell. */
export interface ViewProps {
  port: WorkbookPort;
  /** The view's tab label (placeholders show it). */
  title: string;
}
