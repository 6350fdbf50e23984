import { configSchema, type RawConfig } from './schema.js';
import { type Group, SETTINGS } from './settings.js';

/**
 * docs/settings.md and .env.example, made from the schema (defaults, what is required) and SETTINGS (what each is
 * for), so neither can drift from the code. `npm run docs:settings` writes them; test/unit/settings-docs.test.ts
 * fails when a file is out of date.
 */
type Name = keyof RawConfig;
const GROUPS: Group[] = [
  'Slack',
  'SMBcrm',
  'Agent Studio',
  'Approvals',
  'Workflow webhooks',
  'Redis',
  'Server',
];
const names = Object.keys(SETTINGS) as Name[];

/** The default as a person would type it (the schema's, before any transform), or undefined. */
function rawDefault(name: Name): string | undefined {
  const parsed = configSchema.shape[name].safeParse(undefined);
  if (!parsed.success) return undefined;
  const v: unknown = parsed.data;
  if (v === undefined || (Array.isArray(v) && v.length === 0)) return undefined;
  if (name === 'SMBCRM_APPROVAL_TTL') return '24h'; // stored as ms after its transform
  return String(v);
}

function requirement(name: Name): string {
  const meta = SETTINGS[name];
  if (meta.required) return meta.required;
  if (!configSchema.shape[name].safeParse(undefined).success) return 'required';
  const d = rawDefault(name);
  return d === undefined ? 'unset' : `\`${d}\``;
}

export function settingsMarkdown(): string {
  const out = [
    '# Settings',
    '',
    '<!-- Made from src/config/settings.ts and src/config/schema.ts by `npm run docs:settings`; a test checks it. -->',
    '',
    'Every setting is an environment variable, validated at start-up. A missing or malformed one stops the process',
    '(exit code 78) with one message that names every problem and never echoes a value. `.env.example` lists them',
    'all; `node --env-file=.env dist/src/index.js` reads such a file.',
  ];
  for (const group of GROUPS) {
    out.push('', `## ${group}`, '', '| Setting | Default | What |', '|---|---|---|');
    for (const name of names.filter((n) => SETTINGS[n].group === group))
      out.push(`| \`${name}\` | ${requirement(name)} | ${SETTINGS[name].what} |`);
  }
  return `${out.join('\n')}\n`;
}

export function envExample(): string {
  const out = [
    '# The SMBcrm Slack assistant: every setting, with its default. Copy to .env, fill in the required ones, and run',
    '# `node --env-file=.env dist/src/index.js` (or pass them as environment variables). No real values here.',
    '# Made from src/config/settings.ts by `npm run docs:settings`; docs/settings.md says the same in a table.',
  ];
  for (const group of GROUPS) {
    out.push('', `# ── ${group} ──`);
    for (const name of names.filter((n) => SETTINGS[n].group === group)) {
      const meta = SETTINGS[name];
      const req = requirement(name);
      out.push('', `# ${meta.what.replace(/`/g, '')} (${req.replace(/`/g, '')})`);
      const value = meta.example ?? rawDefault(name) ?? '';
      const needed = req.startsWith('required');
      out.push(`${needed ? '' : '# '}${name}=${value}`);
    }
  }
  return `${out.join('\n')}\n`;
}
