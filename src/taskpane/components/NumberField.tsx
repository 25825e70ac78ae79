/**
 * One labelled number input with inline validation. Percent fields show a "%" after the
 * box and say in their hint that 25 means 25%; money fields show "$" before it. A percent
 * box holding a number below 1 (0.3, typed without "%") keeps Excel's rule (0.3%) but asks
 * under the box whether 30% was meant, with a one-click fix.
 */
import { Button, Field, Input, type InputOnChangeData } from '@fluentui/react-components';
import { useCallback, type ChangeEvent } from 'react';
import { percentSlip, tidyText, type FieldKind } from '../state/parse';

export type { FieldKind } from '../state/parse';

export interface NumberFieldProps {
  label: string;
  kind: FieldKind;
  value: string;
  onChange: (text: string) => void;
  /** Shown under the box; percent fields add how to type a percentage. "" for no hint. */
  hint?: string;
  /** The message to show (in the user's words: the field's label, the user's number format). */
  error?: string;
  required?: boolean;
  /** Extra text for screen readers when the visible label is short (e.g. in a table). */
  ariaLabel?: string;
  /** Data attribute for tests and the workbench: the field's path in the inputs. */
  fieldPath?: string;
  size?: 'small' | 'medium';
  className?: string;
}

const PERCENT_HINT = 'Type 25 or 25% for 25%.';

export function NumberField({
  label,
  kind,
  value,
  onChange,
  hint,
  error,
  required,
  ariaLabel,
  fieldPath,
  size,
  className,
}: NumberFieldProps) {
  const handle = useCallback(
    (_e: ChangeEvent<HTMLInputElement>, d: InputOnChangeData) => onChange(d.value),
    [onChange],
  );
  const slip = kind === 'percent' ? percentSlip(value) : null;
  // An empty hint means none at all (compact grids explain percent once, above them).
  const plainHint =
    hint === '' ? undefined : kind === 'percent' ? (hint ? `${hint} ${PERCENT_HINT}` : PERCENT_HINT) : hint;
  const fullHint = slip ? (
    <span data-testid="percent-slip" data-field-hint={fieldPath}>
      {`${slip.typed}%: did you mean ${slip.suggestion}%? `}
      <Button
        size="small"
        appearance="transparent"
        style={{ minWidth: 0, padding: 0, verticalAlign: 'baseline' }}
        onClick={() => onChange(slip.suggestion)}
        aria-label={`Use ${slip.suggestion}% for ${ariaLabel ?? label}`}
      >
        Use {slip.suggestion}%
      </Button>
    </span>
  ) : (
    plainHint
  );
  return (
    <Field
      className={className}
      label={label}
      hint={fullHint}
      required={required}
      size={size}
      validationState={error ? 'error' : 'none'}
      validationMessage={error}
    >
      <Input
        value={value}
        onChange={handle}
        onBlur={() => {
          const tidy = tidyText(kind, value);
          if (tidy !== value) onChange(tidy);
        }}
        inputMode="decimal"
        autoComplete="off"
        aria-label={ariaLabel}
        data-field={fieldPath}
        // Narrow grids (Low / High side by side) must be able to shrink the box.
        style={{ minWidth: 0 }}
        input={{ size: 1, style: { minWidth: 0 } }}
        contentBefore={kind === 'money' ? <span aria-hidden="true">$</span> : undefined}
        contentAfter={kind === 'percent' ? <span aria-hidden="true">%</span> : undefined}
      />
    </Field>
  );
}
