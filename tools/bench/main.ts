import os from 'node:os';

// Each section prints its own figures; --only NAME runs one.
const SECTIONS: Record<string, () => Promise<{ bench(): Promise<void> }>> = {
  engine: () => import('./engine.ts'),
  parse: () => import('./parse.ts'),
  http: () => import('./http.ts'),
  health: () => import('./health.ts'),
  metrics: () => import('./metrics.ts'),
  voice: () => import('./voice.ts'),
  cli: () => import('./cli.ts'),
  web: () => import('./web.ts'),
  live: () => import('./live.ts'),
  scale: () => import('./scale.ts'),
};

const only = process.argv.indexOf('--only');
const names = only >= 0 ? [process.argv[only + 1] ?? ''] : Object.keys(SECTIONS);
console.log(
  `Attune benchmarks — ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown CPU'}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
);
for (const name of names) {
  const load = SECTIONS[name];
  if (!load) {
    console.error(`unknown section "${name}"; sections: ${Object.keys(SECTIONS).join(', ')}`);
    process.exit(64);
  }
  await (await load()).bench();
}
