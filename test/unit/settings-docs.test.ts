import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/schema.js';
import { SETTINGS } from '../../src/config/settings.js';
import { envExample, settingsMarkdown } from '../../src/config/settings-docs.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const read = (f: string) => readFileSync(join(root, f), 'utf8');

describe('the settings documentation', () => {
  it('describes every setting the schema reads, and no other', () => {
    expect(Object.keys(SETTINGS).sort()).toEqual(Object.keys(configSchema.shape).sort());
  });

  it('docs/settings.md is what the code says (run `npm run docs:settings` after changing a setting)', () => {
    expect(read('docs/settings.md')).toBe(settingsMarkdown());
  });

  it('.env.example lists every setting, required ones uncommented, and holds no real secret', () => {
    const text = read('.env.example');
    expect(text).toBe(envExample());
    for (const name of Object.keys(SETTINGS)) expect(text).toMatch(new RegExp(`^(# )?${name}=`, 'm'));
    expect(text).toMatch(/^SLACK_BOT_TOKEN=xoxb-your-bot-token$/m);
    expect(text).not.toMatch(/xoxb-\d|pit-[0-9a-f]{8}-(?!0000)/);
  });

  it('shows the defaults the schema applies', () => {
    const md = settingsMarkdown();
    expect(md).toContain('| `SMBCRM_RATE_LIMIT` | `100` |');
    expect(md).toContain('| `SMBCRM_APPROVAL_TTL` | `24h` |');
    expect(md).toContain('| `SLACK_BOT_TOKEN` | required |');
    expect(md).toContain('| `SLACK_SIGNING_SECRET` | required in HTTP mode |');
  });
});
