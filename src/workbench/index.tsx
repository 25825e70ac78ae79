/**
 * Entry of the workbench bundle (workbench.js, served at /workbench.html by `npm start`):
 * the task pane and a grid on the headless engine, in a plain browser tab. No office.js.
 * `?pane=320` opens the task pane at that width (Excel opens it at about 320-350 px).
 */
import { createRoot } from 'react-dom/client';
import { Workbench } from './Workbench';

const pane = Number(new URLSearchParams(window.location.search).get('pane'));
const el = document.getElementById('root');
if (el) createRoot(el).render(<Workbench paneWidth={pane > 0 ? pane : undefined} />);
