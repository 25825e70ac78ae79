/** Fluent's dark theme, in a chunk of its own (state/theme.ts loads it when the Office theme is dark). */
export { webDarkTheme } from '@fluentui/react-components';
