import { describeDatabase } from '../../server/config.ts';
import { configFrom, openStore } from '../../server/main.ts';
import { KeyInput } from '../../api/index.ts';
import { parseFlags } from '../args.ts';

const HELP = `usage: attune keys create --role admin|analyst|supervisor|agent [--name NAME] [--teams a,b] [--agent ID] [--db FILE|URL [--schema NAME]]
       attune keys list [--db FILE|URL [--schema NAME]]
       attune keys revoke ID [--db FILE|URL [--schema NAME]]

The database is the one \`attune serve\` uses (--db, DATABASE_URL or ATTUNE_DB; default ./.attune/attune.sqlite).
Keys are stored hashed: the plaintext is printed once, at creation.`;

const FLAGS = {
  role: { type: 'string' },
  name: { type: 'string' },
  teams: { type: 'string' },
  agent: { type: 'string' },
  db: { type: 'string' },
  schema: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

/** Where the command writes; tests pass their own streams. */
export interface KeysIO {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

export async function run(argv: string[], io: KeysIO = process): Promise<number> {
  const parsed = parseFlags(argv, FLAGS);
  if (!parsed.ok || parsed.values.help || !parsed.positionals[0]) {
    io.stderr.write(`${parsed.ok ? '' : `attune keys: ${parsed.message}\n\n`}${HELP}\n`);
    return parsed.ok && parsed.values.help ? 0 : 64;
  }
  const {
    values: flags,
    positionals: [action, id],
  } = parsed;
  const config = configFrom(
    [...(flags.db ? ['--db', flags.db] : []), ...(flags.schema ? ['--schema', flags.schema] : [])],
    process.env,
  );
  if (Array.isArray(config)) {
    io.stderr.write(`attune keys: ${config.join('; ')}\n`);
    return 64;
  }
  io.stderr.write(`attune keys: database ${describeDatabase(config.database)}\n`);
  const store = openStore(config);
  try {
    await store.migrate();
    if (action === 'create') {
      const input = KeyInput.safeParse({
        name: flags.name ?? `${flags.role} key`,
        role: flags.role,
        ...(flags.teams
          ? {
              teams: flags.teams
                .split(',')
                .map((t) => t.trim())
                .filter(Boolean),
            }
          : {}),
        ...(flags.agent ? { agentId: flags.agent } : {}),
      });
      if (!input.success) {
        io.stderr.write(
          `attune keys create: ${input.error.issues.map((i) => `--${String(i.path[0] ?? 'role')}: ${i.message}`).join('; ')}\n`,
        );
        return 64;
      }
      const { key, secret } = await store.createKey(input.data);
      io.stdout.write(`${secret}\n`);
      io.stderr.write(`created key ${key.id} (${key.role}); store it now, it is not shown again\n`);
      return 0;
    }
    if (action === 'list') {
      for (const k of await store.listKeys()) io.stdout.write(JSON.stringify(k) + '\n');
      return 0;
    }
    if (action === 'revoke' && id) {
      const revoked = await store.revokeKey(id);
      io.stderr.write(revoked ? `revoked ${id}\n` : `no key ${id}\n`);
      return revoked ? 0 : 1;
    }
    io.stderr.write(`${HELP}\n`);
    return 64;
  } finally {
    await store.close();
  }
}
