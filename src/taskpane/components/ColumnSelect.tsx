/**
 * The choice of one column of the selected table ("C: Leads"), or none: how the Lead
 * sources and Calibrate views let the user correct a column matched by its header. One
 * component, so every such choice reads and behaves alike.
 */
import { Select } from '@fluentui/react-components';

/** The option that stands for no column. */
export const NO_COLUMN = '';

export interface ColumnSelectProps {
  /** The chosen column (0-based within the table), or undefined for none. */
  column: number | undefined;
  /** The words of the "no column" option: "(none)", "(choose a column)", ... */
  noneLabel: string;
  choices: ReadonlyArray<{ col: number; label: string }>;
  /** The chosen option's value: NO_COLUMN or the column's index as text. */
  onChange: (value: string) => void;
}

export function ColumnSelect({ column, noneLabel, choices, onChange }: ColumnSelectProps) {
  return (
    <Select
      size="small"
      value={column === undefined ? NO_COLUMN : String(column)}
      onChange={(_e, d) => onChange(d.value)}
    >
      <option value={NO_COLUMN}>{noneLabel}</option>
      {choices.map((c) => (
        <option key={c.col} value={String(c.col)}>
          {c.label}
        </option>
      ))}
    </Select>
  );
}
