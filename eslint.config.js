// ESLint flat config: typescript-eslint, react-hooks, and the layer rules of docs/architecture.md.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const uiOnly = ['react', 'react-dom', 'react-dom/*', '@xyflow/react', 'uplot', 'zustand', 'zustand/*', 'comlink'];

export default tseslint.config(
  { ignores: ['dist', 'dist-cli', 'node_modules', 'reports', 'test-results', 'scratch', 'public/*.json'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['src/ui/**/*.{ts,tsx}', 'src/main.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-syntax': [
        'error',
        {
          selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']",
          message: 'User text is never rendered as HTML.',
        },
      ],
    },
  },
  {
    // The engine and the format are pure and deterministic: they run the same in the worker, in
    // Node and in Vitest.
    files: ['src/engine/**/*.ts', 'src/scenario/**/*.ts'],
    ignores: ['**/*.test.ts'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: uiOnly.map((name) => ({
            name,
            message: 'src/engine and src/scenario never import UI or worker code.',
          })),
          patterns: [
            {
              group: ['**/ui/*', '**/worker/*', '**/cli/*'],
              message: 'Imports point one way: ui → worker → engine ← cli.',
            },
            { group: ['node:*'], message: 'The engine runs in the browser too: no Node built-ins.' },
          ],
        },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'Use a seeded stream (kernel/rng.ts).' },
        { object: 'Date', property: 'now', message: 'Use the virtual clock.' },
        { object: 'performance', property: 'now', message: 'Use the virtual clock.' },
        { object: 'Math', property: 'log', message: 'Not identical across JS engines: use kernel/detMath.ts.' },
        { object: 'Math', property: 'exp', message: 'Not identical across JS engines: use kernel/detMath.ts.' },
        { object: 'Math', property: 'pow', message: 'Not identical across JS engines: use kernel/detMath.ts.' },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'window', message: 'No DOM in the engine.' },
        { name: 'document', message: 'No DOM in the engine.' },
        { name: 'setTimeout', message: 'No timers in the engine: schedule an event.' },
        { name: 'setInterval', message: 'No timers in the engine: schedule an event.' },
        { name: 'localStorage', message: 'No DOM in the engine.' },
      ],
    },
  },
  {
    files: ['src/worker/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/ui/*'], message: 'Imports point one way: ui → worker → engine.' }] },
      ],
    },
  },
);
