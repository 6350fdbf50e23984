import { z } from 'zod';

/**
 * The JSON a workflow's Custom Webhook action sends (README, "SMBcrm workflows"). Merge fields that have no value
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
const amount = z.preprocess(
  (v) => (typeof v === 'string' ? (v.trim() === '' ? undefined : Number(v.replace(/[^0-9.-]/g, ''))) : v),
  z.number().finite().optional(),
);

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
