/**
 * Text from a workbook, made safe to print on a terminal: the one helper every text output
 * of the `roi` verbs passes workbook text through (sheet names, formulas, values, messages).
 *
 * A workbook can hold any character (`_x001B_` decodes to ESC), and a terminal obeys some:
 * escape sequences clear the screen or move the cursor (rewriting `roi check`'s lines), a
 * line break fakes a report line, bidirectional controls (U+202E) show text reversed. Each
 * such character is shown as a visible `\u001B` instead; everything else, other scripts
 * and emoji included, is printed as it is. Pure: no Node, no DOM.
 */

/** C0 and C1 controls, DEL, bidirectional controls and marks, line and paragraph separators. */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** The same, less C0 controls: JSON.stringify escapes those inside strings, and outside them they are layout. */
const UNSAFE_IN_JSON = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const hex = (c: string) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;

/** The same, less the line feed: what a report of several lines must not hold inside them. */
const UNSAFE_IN_LINES =
  /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

/** `s` with every character a terminal would obey shown as `\uXXXX`. One line, whatever `s` held. */
export function terminalSafe(s: string): string {
  return s.replace(UNSAFE, hex);
}

/** Lines of text, each made terminal-safe, its line feeds kept (`s` itself when nothing else needs it). */
export function terminalSafeLines(s: string): string {
  return UNSAFE_IN_LINES.test(s) ? s.split('\n').map(terminalSafe).join('\n') : s;
}

/**
 * JSON text (from JSON.stringify) made terminal-safe without changing what it means:
 * JSON.stringify already escapes C0 controls inside strings, and the other characters can
 * only sit inside strings, where `\uXXXX` is the same character to any JSON reader.
 */
export function jsonSafe(json: string): string {
  return json.replace(UNSAFE_IN_JSON, hex);
}
