import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'release/**', 'node_modules/**', 'tests/fixtures/**', 'models/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['scripts/**/*.js', 'bin/**/*.js', 'tests/**/*.js', '*.js'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // The architecture rule: only the Electron shell may depend on electron.
    files: ['core/**/*.ts', 'shared/**/*.ts', 'renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', message: 'Only electron/main and electron/preload may import electron.' }] },
      ],
    },
  },
  {
    // Functions short enough to read at once: a component or closure past 200 lines is split
    // (blank lines and comments not counted). Tests' describe blocks are exempt.
    files: ['core/**/*.ts', 'shared/**/*.ts', 'renderer/**/*.{ts,tsx}', 'electron/**/*.ts'],
    rules: {
      'max-lines-per-function': ['error', { max: 200, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    files: ['*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
);
