/**
 * Putting a value into a box of the task pane in the view tests, as one edit: user-event
 * focuses the box, selects its text and deletes it (`user.clear`), then pastes the new text,
 * which the box receives as one input event, as when the user pastes it.
 *
 * Why not `user.type`: typing sends every character as its own key presses and input event,
 * and each redraws the whole view (the Model view's form and preview), so a test that is
 * about what a value means (a message, a preview, a written cell) spent most of its time
 * typing: 6 characters cost about 0.5 s, the paste 0.04 s. Tests about the keyboard itself
 * (Tab, Enter, arrows, Escape) keep pressing keys.
 */
import type { UserEvent } from '@testing-library/user-event';

/** Replaces the text of `box` with `text` (none: the box is left empty), as the user pasting it. */
export async function replaceText(user: UserEvent, box: HTMLElement, text: string): Promise<HTMLElement> {
  await user.clear(box);
  if (text) await user.paste(text);
  return box;
}
