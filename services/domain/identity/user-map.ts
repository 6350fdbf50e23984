import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';

/**
 * SMBCRM_USER_MAP: a small file (YAML or JSON) that says who is who where the Slack and SMBcrm emails differ:
 *
 *   U0123ABCD: hxHGVRb1YJUscrCB8eXK     # Slack user id: SMBcrm user id
 *
 * It overrides the email match. Read and validated at start-up; the error names the file and the entry.
 */
const slackUser = z.string().regex(/^[UW][A-Z0-9]{2,}$/, 'must be a Slack user id (U…)');
const smbcrmUser = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be an SMBcrm user id');
const userMapFile = z.record(slackUser, smbcrmUser);
export type UserMap = Record<string, string>;

export function loadUserMap(file: string | undefined): UserMap {
  if (!file) return {};
  let raw: unknown;
  try {
    raw = parse(readFileSync(file, 'utf8')) ?? {};
  } catch (err) {
    throw new Error(`SMBCRM_USER_MAP: cannot read ${file}: ${(err as Error).message}`);
  }
  const parsed = userMapFile.safeParse(raw);
  if (!parsed.success)
    throw new Error(
      `SMBCRM_USER_MAP: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'file'}: ${i.message}`).join('; ')}`,
    );
  return parsed.data;
}
