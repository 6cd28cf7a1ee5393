// ESLint: JavaScript's and typescript-eslint's recommended rules, and React's hook rules on the UI.
// Type-aware rules are left out: the type check (TypeScript 7) already runs in `npm test`, and typescript-eslint
// parses with TypeScript 6's API (package.json aliases `typescript` to it; see the README's dependency list).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

export default tseslint.config(
  { ignores: ['dist/', '.tmp/', 'node_modules/', 'public/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    rules: {
      // a leading underscore marks a name kept on purpose: a type witness (KafkaApis' `_api`), a field dropped
      // from a rest copy (`{ time: _time, ...rest }`), a callback's ignored parameter
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
        },
      ],
      // `(flexible ? w.uvarint(n) : w.i32(n));`: a choice between two calls is this codebase's idiom
      '@typescript-eslint/no-unused-expressions': ['error', { allowTernary: true }],
    },
  },
  {
    files: ['src/ui/**/*.{ts,tsx}', 'test/ui/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    // the two rules of hooks; the plugin's React Compiler rules are left out: the project does not use the compiler,
    // and they compiled every component again (three quarters of the lint's time)
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
    },
  },
  {
    // tests reach into untyped places (kafkajs' internals, a page's globals, deliberately malformed input)
    files: ['test/**/*.{ts,tsx}'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // the kafkajs vector generator is a CommonJS Node script
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', __dirname: 'readonly', Buffer: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
