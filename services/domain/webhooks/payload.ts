import { z } from 'zod';

/**
 * The JSON a workflow's Custom Webhook action sends (docs/workflows.md). Merge fields that have no value
 * arrive as empty strings, so those count as absent. Unknown fields (custom values) are kept.
 */
const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const text = (max: number) => z.preprocess(blankToUndefined, z.string().max(max).optional());
const id = z.preprocess(
  blankToUndefined,
  z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be an SMBcrm id')
    .optional(),
);
/**
 * An amount as a workflow's merge field may render it: `1234.5`, `-20`, `1,234.56`, optionally after a currency
 * symbol. Anything else (`1e400`, `1.234,56`, `12abc`) is refused with the field named, rather than read as
 * another number that a route's `min_value` would then act on.
 */
const AMOUNT = /^-?[$€£]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$/;
const amount = z.preprocess((v) => {
  if (typeof v !== 'string') return v;
  const t = v.trim();
  if (t === '') return undefined;
  return AMOUNT.test(t) ? Number(t.replace(/[$€£,]/g, '')) : t;
}, z.number({ error: 'must be a plain amount such as 1234.50' }).finite().optional());

/**
 * HighLevel's standard Webhook action sends its own field names (a white-label help page lists `full_name`,
 * `lead_value` and `pipleline_stage`, misspelled); they are accepted as aliases, the documented names winning.
 */
const ALIASES: Record<string, string> = {
  full_name: 'contact_name',
  lead_value: 'value',
  pipleline_stage: 'stage',
  pipeline_stage: 'stage',
};
const withAliases = (v: unknown) => {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return v;
  const out: Record<string, unknown> = { ...(v as Record<string, unknown>) };
  for (const [alias, name] of Object.entries(ALIASES)) {
    if (out[name] === undefined && out[alias] !== undefined) out[name] = out[alias];
  }
  return out;
};

const fields = z
  .object({
    contact_id: id,
    contact_name: text(300),
    email: text(254),
    phone: text(50),
    opportunity_id: id,
    opportunity_name: text(300),
    pipeline_id: id,
    stage: text(200),
    value: amount,
    date: text(40),
    stages: z
      .array(z.object({ name: z.string().max(200), count: z.number().int().nonnegative(), value: amount }))
      .max(100)
      .optional(),
  })
  .passthrough();
export const webhookPayload = z.preprocess(withAliases, fields);
export type WebhookPayload = z.infer<typeof fields>;

export const SUMMARY_EVENT = 'daily_summary';

/** The fields an event needs: a summary needs its stages; every other event is about a contact. */
export function missingFields(event: string, p: WebhookPayload): string[] {
  if (event === SUMMARY_EVENT) return p.stages ? [] : ['stages'];
  return p.contact_id ? [] : ['contact_id'];
}
