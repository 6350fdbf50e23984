import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { envExample, settingsMarkdown } from '../src/config/settings-docs.js';

/** `npm run docs:settings`: writes docs/settings.md and .env.example from the settings' source. */
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
writeFileSync(join(root, 'docs/settings.md'), settingsMarkdown());
writeFileSync(join(root, '.env.example'), envExample());
process.stdout.write('wrote docs/settings.md and .env.example\n');
