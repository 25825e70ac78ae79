// ESLint 9 flat config: typescript-eslint's recommended rules for all TypeScript, plus a
// few rules that matter in an Office add-in (no eval; no alert/confirm/prompt, which Office
// blocks in add-in pages). Type checking is `tsc --noEmit` (npm run lint runs both).
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default defineConfig(
  {
    ignores: ['dist/**', 'dist-cli/**', 'node_modules/**', 'coverage/**', 'test-results/**', '.tmp/**', '.tmp-*/**'],
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'no-new-func': 'error',
      'no-alert': 'error',
      'no-restricted-globals': [
        'error',
        { name: 'confirm', message: 'Office blocks confirm() in add-ins; show a Fluent UI dialog instead.' },
        { name: 'prompt', message: 'Office blocks prompt() in add-ins; use an input in the task pane instead.' },
      ],
      '@typescript-eslint/no-unused-expressions': ['error', { allowShortCircuit: true, allowTernary: true }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
    },
  },
  {
    // CommonJS config files (webpack.config.js, jest.config.js).
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: {
        require: 'readonly',
        module: 'writable',
        exports: 'writable',
        __dirname: 'readonly',
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
