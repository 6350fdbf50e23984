import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { Exchange } from '../../sim/smbcrm/server.js';
import { applySpecPatches } from './spec-patches.js';

/**
 * Validates recorded SMBcrm exchanges against HighLevel's published OpenAPI 3.0 specs, kept in the repo under
 * test/contract/fixtures/openapi (copied unmodified, with their licence; SMBCRM_OPENAPI_DIR reads another copy). Ajv does the JSON Schema work; this file only finds the
 * operation for a request and picks the schemas to apply.
 */
const here = dirname(fileURLToPath(import.meta.url));
export const SPEC_DIR = resolve(process.env.SMBCRM_OPENAPI_DIR ?? join(here, 'fixtures/openapi'));

const BASE = 'https://openapi.local/';
// biome-ignore lint/suspicious/noExplicitAny: OpenAPI documents are walked as untyped JSON
type Obj = Record<string, any>;

interface Operation {
  file: string;
  method: string;
  template: string;
  regex: RegExp;
  staticSegments: number;
  op: Obj;
}

export interface ContractReport {
  problems: string[];
  /** How many request bodies / responses were actually checked against a schema (not just "no schema"). */
  checked: { requests: number; responses: number };
}

export function loadContracts() {
  const ajv = new Ajv({ strict: false, allErrors: true, coerceTypes: false });
  addFormats.default(ajv);
  const operations: Operation[] = [];
  const files = [
    'common/common-schemas.json',
    ...readdirSync(join(SPEC_DIR, 'apps')).map((f) => `apps/${f}`),
  ];
  for (const file of files.filter((f) => f.endsWith('.json'))) {
    const doc = applySpecPatches(file, JSON.parse(readFileSync(join(SPEC_DIR, file), 'utf8')) as Obj);
    ajv.addSchema({ ...doc, $id: BASE + file });
    for (const [template, item] of Object.entries<Obj>(doc.paths ?? {})) {
      for (const method of ['get', 'post', 'put', 'patch', 'delete']) {
        if (!item[method]) continue;
        const segs = template.split('/');
        operations.push({
          file,
          method: method.toUpperCase(),
          template,
          regex: new RegExp(
            `^${segs.map((s) => (s.startsWith('{') ? '[^/]+' : s.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))).join('/')}$`,
          ),
          staticSegments: segs.filter((s) => !s.startsWith('{')).length,
          op: item[method],
        });
      }
    }
  }

  const compiled = new Map<string, ValidateFunction>();
  /** A validator for a schema object found in `file` (its local $refs resolve against that file). */
  function validatorFor(file: string, schema: Obj): ValidateFunction {
    const key = `${file}|${JSON.stringify(schema)}`;
    let v = compiled.get(key);
    if (!v) {
      v = ajv.compile(resolveRefs(schema, file));
      compiled.set(key, v);
    }
    return v;
  }

  function findOperation(method: string, path: string): Operation | undefined {
    return operations
      .filter((o) => o.method === method && o.regex.test(path))
      .sort(
        (a, b) =>
          b.staticSegments - a.staticSegments || Number(!!a.op.deprecated) - Number(!!b.op.deprecated),
      )[0];
  }

  function paramValue(schema: Obj, raw: string): unknown {
    if (schema.type === 'number' || schema.type === 'integer') return Number(raw);
    if (schema.type === 'boolean') return raw === 'true' ? true : raw === 'false' ? false : raw;
    return raw;
  }

  const errorsText = (v: ValidateFunction) => ajv.errorsText(v.errors, { separator: '; ' });

  function check(exchanges: Exchange[]): ContractReport {
    const problems: string[] = [];
    const checked = { requests: 0, responses: 0 };
    for (const ex of exchanges) {
      const where = `${ex.method} ${ex.path}`;
      const found = findOperation(ex.method, ex.path);
      if (!found) {
        problems.push(`${where}: no such operation in the specs`);
        continue;
      }
      const { op, file } = found;
      // Request: declared parameters, required ones present, values of the declared type; no undeclared query keys.
      const params: Obj[] = op.parameters ?? [];
      for (const p of params) {
        const raw =
          p.in === 'header'
            ? ex.headers[p.name.toLowerCase()]
            : p.in === 'query'
              ? ex.query[p.name]
              : undefined;
        if (raw === undefined) {
          if (p.required && p.in !== 'path')
            problems.push(`${where}: missing required ${p.in} parameter ${p.name}`);
          continue;
        }
        const v = validatorFor(file, p.schema ?? {});
        if (!v(paramValue(p.schema ?? {}, raw)))
          problems.push(`${where}: ${p.in} ${p.name}: ${errorsText(v)}`);
      }
      for (const k of Object.keys(ex.query)) {
        if (!params.some((p) => p.in === 'query' && p.name === k))
          problems.push(`${where}: undeclared query parameter ${k}`);
      }
      const bodySchema = op.requestBody?.content?.['application/json']?.schema;
      if (bodySchema && ex.body !== undefined) {
        checked.requests += 1;
        const v = validatorFor(file, bodySchema);
        if (!v(ex.body)) problems.push(`${where}: request body: ${errorsText(v)}`);
      }
      // Response: the documented schema for that status, when the spec gives one.
      const documented = op.responses?.[String(ex.status)];
      if (!documented) {
        if (ex.status !== 429)
          problems.push(`${where}: status ${ex.status} is not documented for this operation`);
        continue;
      }
      const resSchema = documented.content?.['application/json']?.schema;
      if (resSchema) {
        checked.responses += 1;
        const v = validatorFor(file, resSchema);
        if (!v(ex.response)) problems.push(`${where}: ${ex.status} response: ${errorsText(v)}`);
      }
    }
    return { problems, checked };
  }

  return { check, findOperation };
}

/** Inline schemas with local refs: rewrite `#/…` refs to absolute ones within their file. */
function resolveRefs<T>(schema: T, file: string): T {
  if (Array.isArray(schema)) return schema.map((s) => resolveRefs(s, file)) as T;
  if (schema && typeof schema === 'object') {
    const out: Obj = {};
    for (const [k, v] of Object.entries(schema)) {
      out[k] =
        k === '$ref' && typeof v === 'string' ? new URL(v, BASE + file).toString() : resolveRefs(v, file);
    }
    return out as T;
  }
  return schema;
}
