// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', 'data/**', 'coverage/**', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['**/*.test.ts', 'test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // The core must stay pure: no I/O, no clocks, no platform. The simulator, the
    // benchmarks and the clients all run this very code.
    files: ['shared/src/**/*.ts'],
    // shared/src/client/ is the one place in shared/ that talks to the network (socket.io).
    ignores: ['shared/src/**/*.test.ts', 'shared/src/client/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            'fs',
            'path',
            'os',
            'crypto',
            'child_process',
            'net',
            'http',
            'https',
            'events',
          ].map((name) => ({
            name,
            message: 'shared/ is pure: no Node APIs.',
          })),
          patterns: [
            { group: ['node:*'], message: 'shared/ is pure: no Node APIs.' },
            {
              group: ['better-sqlite3', 'express', 'socket.io', 'socket.io-client', 'electron'],
              message: 'shared/ is pure: no I/O libraries.',
            },
            {
              group: ['**/server/**', '**/kiosk/**', '**/counter-display/**'],
              message: 'shared/ imports nothing above it.',
            },
          ],
        },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'shared/ takes time as an argument.' },
        { object: 'Math', property: 'random', message: 'shared/ takes randomness as an argument.' },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'shared/ takes time as an argument.',
        },
      ],
    },
  },
);
