/** The model builder's non-UI half: the tables, inputs, validation, plan, preview, build/update, reading back. */
export * from './fields';
export * from './inputs';
export * from './messages';
export * from './outputs';
export * from './expr';
export * from './preview';
export * from './plan';
export * from './evaluate-plan';
export * from './build';
export * from './write';
export * from './sheet';
export * from './text';
