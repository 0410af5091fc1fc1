import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = builtinModules.filter((name) => !name.startsWith('_'));

const OUTSIDE_CORE = ['api', 'io', 'store', 'server', 'cli', 'web', 'client', 'tools'];

/** TypeScript in every module flavour: `.mts`/`.cts` files sit under the same rules as `.ts`. */
const TS = '{ts,tsx,mts,cts}';

/** `import('…')` of a path through one of `dirs` (esquery reads `/…/` up to the next slash, so `/` is \u002F). */
function dynamicImportOf(dirs, message) {
  return { selector: `ImportExpression[source.value=/(^|\\u002F)(${dirs.join('|')})(\\u002F|$)/]`, message };
}

/** Files matching `files` (tests included) may not import, statically or dynamically, from the named layers under src/. */
function layer(files, above, message) {
  return {
    files: [files],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: above.map((dir) => `**/${dir}/**`), message }] }],
      'no-restricted-syntax': ['error', dynamicImportOf(above, message)],
    },
  };
}

const PURE_CORE = 'src/core is pure: no Node APIs (receive I/O as arguments).';
const CORE_ALONE = 'src/core must not import outside src/core (pure core, I/O passed in).';

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', '.attune/**', '.scratch/**', 'models/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        TextDecoder: 'readonly',
        TextEncoder: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        performance: 'readonly',
        Buffer: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  // Imports point one way: core <- io <- store <- server / cli / web; api (shared record schemas) sits on core alone.
  layer(
    `src/api/**/*.${TS}`,
    ['io', 'store', 'server', 'cli', 'web', 'client', 'tools'],
    'src/api holds zod schemas shared by store, server and clients: it imports core only.',
  ),
  layer(
    `src/io/**/*.${TS}`,
    ['store', 'server', 'cli', 'web', 'client', 'tools'],
    'src/io sits below store, server and cli.',
  ),
  layer(`src/store/**/*.${TS}`, ['server', 'cli', 'web', 'client', 'tools'], 'src/store sits below server and cli.'),
  layer(
    `src/{server,cli,web}/**/*.${TS}`,
    ['client', 'tools'],
    'tools/ and the HTTP client use src/, never the other way.',
  ),
  // The HTTP client runs wherever fetch does: it takes the API's types from the server, and nothing at run time.
  {
    files: [`src/client/**/*.${TS}`],
    ignores: [`src/client/**/*.test.${TS}`],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['../**', 'node:*', ...NODE_BUILTINS, 'fastify', '@fastify/*', 'kysely', 'pg', 'better-sqlite3'],
              allowTypeImports: true,
              message: 'src/client imports types only from the rest of Attune.',
            },
          ],
        },
      ],
    },
  },
  {
    files: [`src/core/**/*.${TS}`],
    ignores: [`src/core/**/*.test.${TS}`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*', ...NODE_BUILTINS], message: PURE_CORE },
            { group: OUTSIDE_CORE.map((dir) => `**/${dir}/**`), message: CORE_ALONE },
          ],
        },
      ],
      // core loads nothing at run time: a dynamic import is I/O, whatever it names
      'no-restricted-syntax': ['error', { selector: 'ImportExpression', message: PURE_CORE }],
      'no-restricted-globals': ['error', 'process', 'Buffer', 'require', 'global'],
      'no-restricted-properties': [
        'error',
        ...['process', 'Buffer', 'require'].flatMap((property) => [
          { object: 'globalThis', property, message: PURE_CORE },
          { object: 'global', property, message: PURE_CORE },
        ]),
      ],
    },
  },
  // Core's tests may use node:test and node:assert, but test core alone.
  layer(`src/core/**/*.test.${TS}`, OUTSIDE_CORE, CORE_ALONE),
);
