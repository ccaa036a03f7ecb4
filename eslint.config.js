// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * The lint `npm test` runs: typescript-eslint's type-aware recommended rules (floating promises,
 * unsafe any, …), and functions that fit on a screen (60 lines). A longer function says why beside it
 * (`// eslint-disable-next-line max-lines-per-function -- why`).
 */
export default tseslint.config(
  {
    ignores: [
      'dist/',
      'coverage/',
      'node_modules/',
      'test/readme-examples/',
      'test/readme-routes/',
      '**/*.generated.ts',
      'examples/**/node_modules/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: globals.node,
      parserOptions: {
        projectService: { allowDefaultProject: ['*.js', 'test/bench/*.mjs', 'test/compat/*.mjs'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      'max-lines-per-function': [
        'error',
        { max: 60, skipBlankLines: true, skipComments: true, IIFEs: true },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowNumber: true, allowBoolean: true },
      ],
    },
  },
  {
    // Tests: describe() blocks are long by nature, and test code may use any where a fixture is loose.
    files: ['test/**'],
    rules: {
      'max-lines-per-function': 'off',
      'max-len': [
        'error',
        { code: 120, ignoreUrls: true, ignoreRegExpLiterals: true, ignorePattern: '^\\s*/' },
      ], // expected output as a regex
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      'no-control-regex': 'off', // ANSI colour codes are matched on purpose
      '@typescript-eslint/require-await': 'off', // framework handlers (Fastify, Koa) and fakes are async by convention
      '@typescript-eslint/no-misused-promises': [
        'error',
        { checksVoidReturn: { arguments: false } },
      ], // async event listeners in test servers
    },
  },
  {
    // The example projects and the corpus programs are plain JavaScript as a user writes it: the
    // recommended rules without type information.
    files: ['examples/**/*.js', 'test/corpus/**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
);
