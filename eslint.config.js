import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = ['fs', 'path', 'os', 'child_process', 'net', 'http', 'https', 'stream', 'crypto', 'worker_threads', 'readline', 'url', 'util', 'process', 'module', 'zlib', 'events'];

const OUTSIDE_CORE = ['api', 'io', 'store', 'server', 'cli', 'web', 'tools'];

/** Files matching `files` may not import from the named sibling layers under src/. */
function layer(files, above, message) {
  return { files: [files], rules: { 'no-restricted-imports': ['error', { patterns: [{ group: above.map((dir) => `**/${dir}/**`), message }] }] } };
}

export default tseslint.config(
  { ignores: ['node_modules/**', '.attune/**', '.scratch/**', 'models/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', TextDecoder: 'readonly', TextEncoder: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', performance: 'readonly', Buffer: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  // Imports point one way: core <- io <- store <- server / cli / web; api (shared record schemas) sits on core alone.
  layer('src/api/**/*.ts', ['io', 'store', 'server', 'cli', 'web', 'tools'], 'src/api holds zod schemas shared by store, server and clients: it imports core only.'),
  layer('src/io/**/*.ts', ['store', 'server', 'cli', 'web', 'tools'], 'src/io sits below store, server and cli.'),
  layer('src/store/**/*.ts', ['server', 'cli', 'web', 'tools'], 'src/store sits below server and cli.'),
  layer('src/{server,cli,web}/**/*.ts', ['tools'], 'tools/ (bench, eval, training scripts) use src/, never the other way.'),
  {
    files: ['src/core/**/*.ts'],
    ignores: ['src/core/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['node:*', ...NODE_BUILTINS], message: 'src/core is pure: no Node APIs (receive I/O as arguments).' },
          { group: OUTSIDE_CORE.map((dir) => `**/${dir}/**`), message: 'src/core must not import outside src/core (pure core, I/O passed in).' },
        ],
      }],
      'no-restricted-globals': ['error', 'process', 'Buffer', 'require'],
    },
  },
);
