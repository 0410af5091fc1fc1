import { ROLES, type Role } from '../../core/schema/index.ts';
import aliases from './roles.json' with { type: 'json' };
import { hint, type ReaderContext } from './context.ts';

const BUILT_IN = new Map<string, Role>();
for (const role of ROLES) for (const alias of aliases[role]) BUILT_IN.set(alias, role);

/** Maps a speaker label to a role: the configured names first, then the built-in aliases; undefined when unknown. */
export function roleFor(label: string, roleNames: Record<string, Role>): Role | undefined {
  const key = label.trim().toLowerCase();
  const configured = roleNames[key] ?? Object.entries(roleNames).find(([name]) => name.toLowerCase() === key)?.[1];
  return configured ?? BUILT_IN.get(key);
}

export function unknownRoleReason(label: string, context: ReaderContext): string {
  const name = label.slice(0, 40);
  return `unknown speaker "${label.slice(0, 80)}" (map it with ${hint(context, 'roles', `${name}=agent`)} or "${name}=customer")`;
}
