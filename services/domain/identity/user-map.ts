import { z } from 'zod';
import { readSettingsFile } from '../../lib/settings-file.js';

/**
 * SMBCRM_USER_MAP: a small file (YAML or JSON) that says who is who where the Slack and SMBcrm emails differ:
 *
 *   U0123ABCD: hxHGVRb1YJUscrCB8eXK     # Slack user id: SMBcrm user id
 *
 * It overrides the email match. Read and validated at start-up; the error names the file and the entry.
 */
const SLACK_USER = /^[UW][A-Z0-9]{2,}$/;
const SMBCRM_USER = /^[A-Za-z0-9_-]{1,64}$/;
const userMapFile = z.record(z.string(), z.string());
export type UserMap = Record<string, string>;

export function loadUserMap(file: string | undefined): UserMap {
  if (!file) return {};
  const map = readSettingsFile('SMBCRM_USER_MAP', file, userMapFile);
  const problems = Object.entries(map).flatMap(([slack, smbcrm]) => [
    ...(SLACK_USER.test(slack)
      ? []
      : [`${slack}: must be a Slack user id (U…), as in the person's Slack profile`]),
    ...(SMBCRM_USER.test(smbcrm) ? [] : [`${slack}: ${smbcrm} must be an SMBcrm user id`]),
  ]);
  if (problems.length) throw new Error(`SMBCRM_USER_MAP: ${problems.join('; ')}`);
  return map;
}
