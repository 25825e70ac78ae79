/**
 * The Model view's Build and Update buttons in the DOM tests, looked up by role and name in
 * the view's footer (the region "Build the model") instead of the whole document. Why: a
 * role query computes the accessible name, and so the styles, of every candidate; the Model
 * view has some 30 buttons (the workbench page more), each look-up over the document cost
 * tens of milliseconds in jsdom, and findBy repeats it at each change while the view loads.
 * The footer is found without the visibility check (`hidden: true`): the button's own check
 * walks up through it to the document, so a hidden footer still fails the look-up.
 */
import { screen, waitFor, within } from '@testing-library/react';

const FOOTER = { name: 'Build the model', hidden: true } as const;

/** The Model view's button named `name` (its Build or Update button), in the view's footer. */
export function modelButton(name: string | RegExp): HTMLElement {
  return within(screen.getByRole('region', FOOTER)).getByRole('button', { name });
}

/** As modelButton, waited for as findBy waits (the Model view is loaded lazily). */
export function findModelButton(name: string | RegExp, timeout?: number): Promise<HTMLElement> {
  return waitFor(() => modelButton(name), timeout ? { timeout } : undefined);
}
