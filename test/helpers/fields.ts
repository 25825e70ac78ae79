/**
 * Putting a value into a box of the task pane in the view tests, as one edit: the box gets
 * the focus and its text is selected, as `user.clear` starts, then the new text is pasted
 * over the selection, which the box receives as one input event, as when the user pastes it.
 *
 * Why not `user.type`: typing sends every character as its own key presses and input event,
 * and each redraws the whole view (the Model view's form and preview: about 0.1 s a redraw
 * in jsdom), so a test that is about what a value means (a message, a preview, a written
 * cell) spent most of its time typing. Why not `user.clear` first: it draws the box empty
 * (with its "required" message) before the paste draws it again. Tests about the keyboard
 * itself (Tab, Enter, arrows, Escape) keep pressing keys.
 */
import { act } from '@testing-library/react';
import type { UserEvent } from '@testing-library/user-event';

/** Input types whose text can be selected (a date box's cannot: it is cleared instead). */
const SELECTABLE = new Set(['text', 'search', 'tel', 'url', 'password']);

/** Replaces the text of `box` with `text` (none: the box is left empty), as the user pasting it. */
export async function replaceText(user: UserEvent, box: HTMLElement, text: string): Promise<HTMLElement> {
  const input = box as HTMLInputElement;
  if (!text || !(box instanceof HTMLTextAreaElement || SELECTABLE.has(input.type))) {
    await user.clear(box);
  } else {
    if (box.ownerDocument.activeElement !== box) act(() => box.focus());
    input.select();
  }
  if (text) await user.paste(text);
  return box;
}
