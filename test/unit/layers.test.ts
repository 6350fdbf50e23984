import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * The layers are a lint rule, not a convention (biome.json, noRestrictedImports): `npm run lint` fails when
 * services/ or listeners/ import src/ (the composition root), when a view imports a domain value (types are
 * fine), or when services/lib/ imports anything of the bot's. Probed with the project's own Biome config on files
 * laid out as in the repo, in a scratch directory.
 */
const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const scratch = mkdtempSync(join(tmpdir(), 'layers-'));
const config = JSON.parse(readFileSync(join(root, 'biome.json'), 'utf8'));
config.vcs = { enabled: false };
config.files = { includes: ['**'] };
delete config.$schema;
writeFileSync(join(scratch, 'biome.json'), JSON.stringify(config));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function lint(path: string, source: string): string[] {
  mkdirSync(dirname(join(scratch, path)), { recursive: true });
  writeFileSync(join(scratch, path), source);
  try {
    execFileSync(join(root, 'node_modules/.bin/biome'), ['lint', '--reporter=json', path], {
      cwd: scratch,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return [];
  } catch (err) {
    const out = String((err as { stdout?: Buffer }).stdout ?? '');
    const report = JSON.parse(out.slice(out.indexOf('{'))) as { diagnostics: { category: string }[] };
    return report.diagnostics.map((d) => d.category);
  }
}
const restricted = 'lint/style/noRestrictedImports';

describe('the layers, enforced by npm run lint', () => {
  it('services/ must not import src/', () => {
    expect(
      lint(
        'services/domain/x/a.ts',
        "import { createBot } from '../../../src/app.js';\nexport const a = createBot;\n",
      ),
    ).toContain(restricted);
  });

  it('listeners/ must not import src/', () => {
    expect(
      lint(
        'listeners/actions/a.ts',
        "import { createBot } from '../../src/app.js';\nexport const a = createBot;\n",
      ),
    ).toContain(restricted);
  });

  it('a view may import a domain type, not a domain value', () => {
    expect(
      lint(
        'services/presentation/views/a.ts',
        "import type { ActionOutcome } from '../../domain/approvals/outcome.js';\nexport type A = ActionOutcome;\n",
      ),
    ).toEqual([]);
    expect(
      lint(
        'services/presentation/views/b.ts',
        "import { failureOf } from '../../domain/approvals/engine.js';\nexport const b = failureOf;\n",
      ),
    ).toContain(restricted);
  });

  it('services/lib/ is a leaf', () => {
    expect(
      lint(
        'services/lib/a.ts',
        "import { esc } from '../presentation/views/format.js';\nexport const a = esc;\n",
      ),
    ).toContain(restricted);
  });

  it('a service may import a platform client (the rule is not too wide)', () => {
    expect(
      lint(
        'services/domain/x/b.ts',
        "import { scrub } from '../../lib/scrub.js';\nexport const b = scrub;\n",
      ),
    ).toEqual([]);
  });
});
