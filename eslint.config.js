// Lint: typescript-eslint's type-aware recommended rules (floating promises, unsafe any, misused promises),
// React hooks rules for the app, and eslint-config-prettier last so formatting is Prettier's alone.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'data/', 'assets/', 'artifacts/', 'tmp/', 'models/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    rules: {
      // Async functions without await are how this code base states "returns a promise" (ports, route handlers,
      // fakes that implement async interfaces); the rule flags the style, not bugs.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    files: ['app/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  { files: ['**/*.{js,mjs}'], ...tseslint.configs.disableTypeChecked },
  // The ZAF test app runs in the iframe the e2e tests open.
  { files: ['test/e2e/fixtures/**/*.js'], languageOptions: { globals: { ...globals.browser } } },
  prettier,
);
