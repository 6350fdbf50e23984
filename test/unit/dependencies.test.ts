import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * `npm ci --omit=dev` installs `dependencies` only: every package the built bot imports at run time must be
 * there, and nothing else (a type-only import is erased by the build). The built code is what tsconfig.build.json
 * includes; each file is transpiled as the build does, and its remaining bare imports are collected.
 */
const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const built = (JSON.parse(readFileSync(join(root, 'tsconfig.build.json'), 'utf8')) as { include: string[] })
  .include;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

const packageOf = (spec: string) =>
  spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
const builtin = new Set(builtinModules);

function runtimeImports(): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const file of built.flatMap((d) => files(join(root, d)))) {
    const js = ts.transpileModule(readFileSync(file, 'utf8'), {
      compilerOptions: {
        module: ts.ModuleKind.ESNext,
        target: ts.ScriptTarget.ES2023,
        verbatimModuleSyntax: true,
      },
    }).outputText;
    for (const m of js.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)) {
      const spec = m[1] as string;
      if (spec.startsWith('.') || spec.startsWith('node:') || builtin.has(spec)) continue;
      const name = packageOf(spec) as string;
      found.set(name, [...(found.get(name) ?? []), file.slice(root.length + 1)]);
    }
  }
  return found;
}

describe('package.json dependencies', () => {
  const used = runtimeImports();

  it('hold every package the built bot imports at run time', () => {
    const missing = [...used.keys()].filter((p) => !(p in pkg.dependencies));
    expect(missing, JSON.stringify(Object.fromEntries(used))).toEqual([]);
  });

  it('hold nothing else (tools, types and the demo’s packages are devDependencies)', () => {
    expect(Object.keys(pkg.dependencies).filter((p) => !used.has(p))).toEqual([]);
  });

  it('the check finds what it must: the built code imports Bolt and zod', () => {
    expect(used.has('@slack/bolt') && used.has('zod')).toBe(true);
  });
});
