/**
 * The task pane's views, in tab order. The first (Model) is part of the page's own
 * scripts: the pane opens on it, so it is the first screen and loads with it (one request
 * less, and it compresses with the rest; its budget is in docs/performance.md). Every
 * other view is loaded on first use (React.lazy).
 *
 * To add a view: write views/MyView.tsx with a default export taking ViewProps, and add
 * one row below. Nothing else: the shell's tab strip shows the views that fit the pane's
 * width and folds the rest into "More" (components/TabStrip.tsx), and the tests open and
 * check every row.
 */
import { lazy, type ComponentType } from 'react';
import ModelView from './ModelView';
import type { ViewProps } from './types';

export type { ViewProps } from './types';

export interface ViewDef {
  id: string;
  label: string;
  component: ComponentType<ViewProps>;
}

export const VIEWS: readonly ViewDef[] = [
  { id: 'model', label: 'Model', component: ModelView },
  {
    id: 'sources',
    label: 'Lead sources',
    component: lazy(() => import(/* webpackChunkName: "view-sources" */ './LeadSourcesView')),
  },
  {
    id: 'calibrate',
    label: 'Calibrate',
    component: lazy(() => import(/* webpackChunkName: "view-calibrate" */ './CalibrateView')),
  },
  {
    id: 'review',
    label: 'Review',
    component: lazy(() => import(/* webpackChunkName: "view-review" */ './ReviewView')),
  },
  { id: 'share', label: 'Share', component: lazy(() => import(/* webpackChunkName: "view-share" */ './ShareView')) },
  {
    id: 'outcome',
    label: 'Outcome check',
    component: lazy(() => import(/* webpackChunkName: "view-outcome" */ './OutcomeCheckView')),
  },
];
