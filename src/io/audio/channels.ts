export const SPEAKERS = ['agent', 'customer', 'mixed'] as const;
export type Speaker = (typeof SPEAKERS)[number];

/**
 * Which speaker each channel of a recording carries: stereo needs saying ("agent,customer"); mono is both,
 * told apart by the transcript. `option` names where the caller gives the list, for the error.
 */
export function channelRoles(
  spec: string | undefined,
  count: number,
  option: string,
): { ok: true; roles: Speaker[] } | { ok: false; error: string } {
  if (!spec)
    return count === 1
      ? { ok: true, roles: ['mixed'] }
      : {
          ok: false,
          error: `the recording has ${count} channels: say who is on each with ${option}, e.g. agent,customer`,
        };
  const roles = spec.split(',').map((s) => s.trim());
  const bad = roles.find((r) => !(SPEAKERS as readonly string[]).includes(r));
  if (bad !== undefined) return { ok: false, error: `${option}: "${bad}" is not one of ${SPEAKERS.join(', ')}` };
  if (roles.length !== count)
    return { ok: false, error: `${option} names ${roles.length} channels but the recording has ${count}` };
  return { ok: true, roles: roles as Speaker[] };
}
