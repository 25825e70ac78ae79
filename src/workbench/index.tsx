/**
 * Entry of the workbench bundle (workbench.js, served at /workbench.html by `npm start`):
 * the task pane and a grid on the headless engine, in a plain browser tab. No office.js.
 */
import { createRoot } from 'react-dom/client';
import { Workbench } from './Workbench';

const el = document.getElementById('root');
if (el) createRoot(el).render(<Workbench />);
