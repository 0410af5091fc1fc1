import phrases from './phrases.json' with { type: 'json' };
import { JOINABLE_TYPES, pseudonymHex, type KeyedHash } from './pseudonym.ts';
import type { PiiType } from './types.ts';

/** A string redactor: the text scanners, or a placeholder for a field that is personal by its name. */
type RedactString = (text: string) => string;

const FIELD_TYPES = Object.entries(phrases.personalFields as Record<string, string[]>).flatMap(([type, keys]) =>
  keys.map((key) => [key, type as PiiType] as const),
);
const BY_KEY = new Map<string, PiiType>(FIELD_TYPES);

/** The type of a field that holds personal data by its very name ("email", "phone", "full_name"), else undefined. */
function fieldType(key: string): PiiType | undefined {
  return BY_KEY.get(key.toLowerCase().replace(/[\s_-]/g, ''));
}

/** The placeholder for a field that holds personal data by its very name, else undefined. */
export function placeholderFor(key: string): string | undefined {
  const type = fieldType(key);
  return type && `[${type}]`;
}

/**
 * What a personal field's value becomes: its placeholder, or with `hash`, for an identifier one can join on
 * (an e-mail, a phone, an account number), the placeholder with a keyed hash of the value: `[EMAIL:3f9a…]`.
 */
function fieldValue(key: string, value: string | number, hash: KeyedHash | undefined): string | undefined {
  const type = fieldType(key);
  if (!type) return undefined;
  return hash && JOINABLE_TYPES.includes(type) && String(value).trim() !== ''
    ? `[${type}:${pseudonymHex(type, String(value), hash)}]`
    : `[${type}]`;
}

/**
 * A copy of any JSON-like value with every string redacted, keys included, at any depth. Iterative, so a
 * value nested 10,000 deep is redacted, not a stack overflow; a string under a personal field name
 * ("email", "phone") becomes that field's placeholder outright (with `hash`, keyed for identifiers one joins
 * on). Two keys that redact alike are both kept.
 */
export function redactDeep(value: unknown, redact: RedactString, hash?: KeyedHash): unknown {
  const root: { value: unknown } = { value: undefined };
  const stack: {
    source: unknown;
    target: Record<string, unknown> | unknown[];
    key: string | number;
    field?: string;
  }[] = [{ source: value, target: root as unknown as Record<string, unknown>, key: 'value' }];
  while (stack.length) {
    const { source, target, key, field } = stack.pop()!;
    const put = (v: unknown) => {
      (target as Record<string | number, unknown>)[key] = v;
    };
    const placeholder =
      field === undefined || (typeof source !== 'string' && typeof source !== 'number')
        ? undefined
        : fieldValue(field, source, hash);
    if (typeof source === 'string') put(placeholder ?? redact(source));
    else if (typeof source === 'number' && placeholder) put(placeholder);
    else if (Array.isArray(source)) {
      const copy: unknown[] = new Array(source.length);
      put(copy);
      source.forEach((item, i) =>
        stack.push({ source: item, target: copy, key: i, ...(field !== undefined ? { field } : {}) }),
      );
    } else if (source !== null && typeof source === 'object') {
      const copy: Record<string, unknown> = {};
      put(copy);
      for (const [k, v] of Object.entries(source)) {
        let name = redact(k);
        for (let n = 2; name in copy; n++) name = `${redact(k)}#${n}`;
        // the key is taken now, in order; its value is filled when the stack reaches it
        copy[name] = undefined;
        stack.push({ source: v, target: copy, key: name, field: k });
      }
    } else put(source);
  }
  return root.value;
}
