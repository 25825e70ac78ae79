/** The model builder's non-UI half: inputs, validation, preview, plan, build/update. */
export * from './inputs';
export * from './preview';
export * from './plan';
export * from './build';
export * from './text';
