import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';

const NODE_BUILTINS = ['fs', 'path', 'os', 'child_process', 'net', 'http', 'https', 'stream', 'crypto', 'worker_threads', 'readline', 'url', 'util', 'process', 'module', 'zlib', 'events'];

export default tseslint.config(
  { ignores: ['node_modules/**', '.attune/**', 'models/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', TextDecoder: 'readonly', TextEncoder: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', performance: 'readonly', Buffer: 'readonly' } },
    plugins: { 'import-x': importX },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      // src/core is the pure analysis: it may import only itself and npm libraries, never our I/O layers
      'import-x/no-restricted-paths': ['error', {
        zones: [
          { target: './src/core', from: './src', except: ['./core'], message: 'src/core must not import outside src/core (pure core, I/O passed in).' },
          { target: './src/io', from: ['./src/store', './src/server', './src/cli', './src/web'], message: 'src/io sits below store, server and cli.' },
          { target: './src/store', from: ['./src/server', './src/cli', './src/web'], message: 'src/store sits below server and cli.' },
        ],
      }],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    ignores: ['src/core/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['node:*', ...NODE_BUILTINS], message: 'src/core is pure: no Node APIs (receive I/O as arguments).' }],
      }],
      'no-restricted-globals': ['error', 'process', 'Buffer', 'require'],
    },
  },
);
