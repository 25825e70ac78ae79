/**
 * The formula bar: the name box (the selected cell's address; type an address or a
 * defined name and press Enter to go there) and the selected cell's formula or constant,
 * editable: Enter commits, Escape puts it back.
 */
import { Tooltip, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { useState, type KeyboardEvent } from 'react';
import { GRID_FONT_FAMILY } from './measure';

const useStyles = makeStyles({
  bar: {
    display: 'flex',
    alignItems: 'stretch',
    gap: '0',
    height: '32px',
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    backgroundColor: tokens.colorNeutralBackground1,
  },
  nameBox: {
    width: '120px',
    flexShrink: 0,
    border: 'none',
    borderRight: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    padding: '0 10px',
    fontFamily: GRID_FONT_FAMILY,
    fontSize: '13px',
    backgroundColor: 'transparent',
    color: tokens.colorNeutralForeground1,
    outlineStyle: 'none',
    ':focus': { boxShadow: `inset 0 -2px 0 ${tokens.colorBrandStroke1}` },
  },
  fx: {
    display: 'flex',
    alignItems: 'center',
    padding: '0 10px',
    color: tokens.colorNeutralForeground3,
    fontStyle: 'italic',
    fontFamily: 'Georgia, "Times New Roman", serif',
    fontSize: '14px',
    borderRight: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    userSelect: 'none',
  },
  input: {
    flexGrow: 1,
    minWidth: 0,
    border: 'none',
    padding: '0 10px',
    fontFamily: 'Consolas, "Cascadia Mono", "Segoe UI Mono", Menlo, monospace',
    fontSize: '13px',
    color: tokens.colorNeutralForeground1,
    backgroundColor: 'transparent',
    outlineStyle: 'none',
    ':focus': { boxShadow: `inset 0 -2px 0 ${tokens.colorBrandStroke1}` },
  },
  editing: { backgroundColor: tokens.colorNeutralBackground1Hover },
  /** Read by screen readers, not shown (the tooltip shows it). */
  announce: {
    position: 'absolute',
    width: '1px',
    height: '1px',
    margin: '-1px',
    overflow: 'hidden',
    clipPath: 'inset(50%)',
    whiteSpace: 'nowrap',
  },
});

export interface FormulaBarProps {
  address: string;
  /** What the selected cell holds (or what is being typed into it). */
  text: string;
  editing: boolean;
  onFocusText: () => void;
  onChangeText: (text: string) => void;
  /** Enter: commit and stay; Tab / Shift+Tab: commit and move right / left, as in Excel. */
  onCommit: (then?: { key: 'Tab'; shift: boolean }) => void;
  onCancel: () => void;
  /** Go to an address or defined name; returns a message when there is no such place. */
  onGoTo: (target: string) => string | undefined;
}

/** Tabster's attribute for an element whose Tab key it leaves alone (Tab commits the entry). */
const BAR_OWNS_TAB = JSON.stringify({ uncontrolled: { completely: true } });

export function FormulaBar({
  address,
  text,
  editing,
  onFocusText,
  onChangeText,
  onCommit,
  onCancel,
  onGoTo,
}: FormulaBarProps) {
  const styles = useStyles();
  // What the name box shows is worked out from the selection as the grid renders it, not
  // copied into state by an effect a render later: whoever reads the box right after the
  // selection moved reads the new address. What was typed there, and why a name was not
  // found, belong to the address they were typed at, and go when the selection moves.
  const [draft, setDraft] = useState<{ at: string; text: string } | null>(null);
  const [problem, setProblem] = useState<{ at: string; message: string } | null>(null);
  const name = draft?.at === address ? draft.text : address;
  const nameError = problem?.at === address ? problem.message : undefined;
  // The name box's tooltip is always controlled (a boolean, never undefined): shown on hover
  // or focus as Fluent decides, and held open while it says why a name was not found.
  const [tipOpen, setTipOpen] = useState(false);
  const putBack = () => {
    setDraft(null);
    setProblem(null);
  };

  const onNameKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      const message = onGoTo(name.trim());
      setDraft(null);
      setProblem(message === undefined ? null : { at: address, message });
    } else if (e.key === 'Escape') {
      putBack();
    }
  };

  const onTextKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      onCommit();
    } else if (e.key === 'Tab') {
      e.preventDefault();
      onCommit({ key: 'Tab', shift: e.shiftKey });
    } else if (e.key === 'Escape') {
      e.preventDefault();
      onCancel();
    }
  };

  return (
    <>
      <div className={styles.bar} role="toolbar" aria-label="Formula bar">
        <Tooltip
          content={nameError ?? 'Name box: type a cell (B12) or a defined name (ROI_Leads) and press Enter'}
          relationship="description"
          visible={tipOpen || nameError !== undefined}
          onVisibleChange={(_e, d) => setTipOpen(d.visible)}
        >
          <input
            className={styles.nameBox}
            value={name}
            aria-label="Name box"
            aria-invalid={nameError !== undefined}
            data-testid="name-box"
            spellCheck={false}
            onChange={(e) => setDraft({ at: address, text: e.target.value })}
            onKeyDown={onNameKey}
            onFocus={(e) => e.target.select()}
            onBlur={putBack}
          />
        </Tooltip>
        <span className={styles.fx} aria-hidden="true">
          fx
        </span>
        <input
          className={mergeClasses(styles.input, editing && styles.editing)}
          value={text}
          aria-label={`Formula of ${address}`}
          data-testid="formula-bar"
          spellCheck={false}
          onFocus={onFocusText}
          data-tabster={BAR_OWNS_TAB}
          onChange={(e) => onChangeText(e.target.value)}
          onKeyDown={onTextKey}
        />
      </div>
      <span role="status" className={styles.announce} data-testid="name-box-status">
        {nameError ?? ''}
      </span>
    </>
  );
}
