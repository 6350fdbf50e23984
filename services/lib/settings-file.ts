import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { ZodType } from 'zod';

/**
 * A settings file named by an environment variable (the webhook routes, the approval policy, the user map): YAML
 * or JSON (JSON is YAML), read and validated at start-up. The error names the setting, the file or the entry, and
 * what is wrong, for the start-up message; an empty file is an empty object.
 */
export function readSettingsFile<T>(setting: string, file: string, schema: ZodType<T>, hint = ''): T {
  let raw: unknown;
  try {
    raw = parse(readFileSync(file, 'utf8')) ?? {};
  } catch (err) {
    throw new Error(`${setting}: cannot read ${file}: ${(err as Error).message}`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success)
    throw new Error(
      `${setting}: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'file'}: ${i.message}`).join('; ')}${hint}`,
    );
  return parsed.data;
}
