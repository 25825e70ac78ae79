/**
 * Calibration from CRM exports: measured conversion rates (with honest lower bounds), stage
 * lags, win rates and deal values, per lead source, from a HubSpot contacts export or a
 * Salesforce opportunities report, as CSV text or a table read from .xlsx or a selection.
 * Pure TypeScript for the `roi calibrate` verb and the task pane's Calibrate view: no
 * Office, no HyperFormula, no file system (callers read the file).
 *
 *   const cal = calibrate(csvText, { confidence: 0.9 });
 *   JSON.stringify(cal.report);   // the --json output
 *   calibrationText(cal);         // the readable table
 *   calibrationFlags(cal);        // too few to judge, volume without quality
 *
 * Every failure the user can fix is a CalibrationError (an InputProblem) with a one-line
 * message; its `kind` says which.
 */
import { readCalibrationData, type ContactsData, type OpportunityData, type ReadOptions } from './read';
import {
  contactsReport,
  opportunityReport,
  type ContactsReport,
  type OpportunityReport,
  type ReportOptions,
} from './report';
import { contactsFlags, opportunityFlags, type CalibrationFlag, type FlagOptions } from './flags';
import { contactsText, opportunityText } from './text';
import type { CalibrationSource } from './table';

export * from './errors';
export * from './dates';
export * from './table';
export * from './columns';
export * from './read';
export * from './report';
export * from './flags';
export * from './text';
export * from './mapping';

export interface CalibrateOptions extends ReadOptions, ReportOptions {}

export type Calibration =
  | { kind: 'contacts'; data: ContactsData; report: ContactsReport }
  | { kind: 'opportunities'; data: OpportunityData; report: OpportunityReport };

/** Reads the export and builds its report. Throws CalibrationError. */
export function calibrate(source: CalibrationSource, options: CalibrateOptions = {}): Calibration {
  const data = readCalibrationData(source, options);
  return data.kind === 'contacts'
    ? { kind: 'contacts', data, report: contactsReport(data, options) }
    : { kind: 'opportunities', data, report: opportunityReport(data, options) };
}

/** The report as the CLI's readable table. */
export function calibrationText(cal: Calibration, options: ReportOptions & FlagOptions = {}): string {
  const o = { ...options, confidence: typeof options.confidence === 'number' ? options.confidence : undefined };
  return cal.kind === 'contacts' ? contactsText(cal.report, o) : opportunityText(cal.report, o);
}

/** The report's flags (too few to judge, volume without quality). */
export function calibrationFlags(cal: Calibration, options: FlagOptions = {}): CalibrationFlag[] {
  return cal.kind === 'contacts' ? contactsFlags(cal.report, options) : opportunityFlags(cal.report, options);
}
export * from './selection';
export * from './sheet';
export * from './csv-sheet';
export * from './display';
export * from './handoff';
export * from './model-target';
