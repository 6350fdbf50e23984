import { z } from 'zod';
import { readSettingsFile } from '../../lib/settings-file.js';
import type { WebhookPayload } from './payload.js';

/**
 * Which workflow event goes to which channel, with an optional filter and a card style: a small routes file
 * (YAML or JSON) named by SMBCRM_WEBHOOK_ROUTES, or just SMBCRM_WEBHOOK_CHANNEL for "everything to one channel".
 *
 *   default_channel: C0123456          # unknown events go here (else they are refused with 422)
 *   routes:
 *     - event: new_lead
 *       channel: C0LEADS01
 *       filter: { pipeline_id: abc123, min_value: 1000 }
 *     - event: daily_summary
 *       channel: C0SALES01
 *       style: compact
 *     - event: appointment_booked
 *       channel: C0FRONTDESK     # where it goes when the owner is not linked to a Slack user
 *       to: owner                # a DM to the contact's (or opportunity's) owner, through the identity mapping
 *       filter: { owner_linked: true }   # only events whose owner is linked (else: filtered out)
 *       digest: 15m              # one DM per owner per 15 minutes, listing the events
 */
const channelId = z.string().regex(/^[CG][A-Z0-9]{2,}$/, 'a channel id such as C0123456');
const route = z
  .object({
    event: z.string().min(1).max(100),
    channel: channelId,
    filter: z
      .object({
        pipeline_id: z.string().min(1).optional(),
        stage: z.string().min(1).optional(),
        min_value: z.number().optional(),
        owner_linked: z.literal(true).optional(),
      })
      .strict()
      .optional(),
    style: z.enum(['card', 'compact']).default('card'),
    to: z.literal('owner').optional(),
    digest: z
      .string()
      .regex(/^\d+[mh]$/, 'a period such as 15m or 1h')
      .transform((v) => Number.parseInt(v, 10) * (v.endsWith('h') ? 3_600_000 : 60_000))
      .refine((ms) => ms >= 60_000 && ms <= 86_400_000, 'between 1m and 24h')
      .optional(),
  })
  .strict()
  .refine((r) => !r.digest || r.to === 'owner', { message: 'digest needs to: owner', path: ['digest'] })
  .refine((r) => !r.filter?.owner_linked || r.to === 'owner', {
    message: 'owner_linked needs to: owner',
    path: ['filter'],
  });
export const routesFile = z
  .object({ default_channel: channelId.optional(), routes: z.array(route).default([]) })
  .strict();
export type Routes = z.infer<typeof routesFile>;

/** Delivering to the owner: a DM (or the channel when they are not linked, unless only linked owners count). */
export interface OwnerDelivery {
  onlyLinked: boolean;
  /** One DM per owner per this many ms, listing the events. */
  digestMs?: number;
}

export type Routing =
  | { kind: 'post'; channel: string; style: 'card' | 'compact'; owner?: OwnerDelivery }
  | { kind: 'filtered' }
  | { kind: 'unknown'; configured: string[] };

/** Reads and validates the routes file; the error names the file and what is wrong, for the start-up message. */
export function loadRoutes(options: { file?: string; defaultChannel?: string }): Routes {
  // No file: no routes (every event to the default channel).
  const routes = options.file
    ? readSettingsFile('SMBCRM_WEBHOOK_ROUTES', options.file, routesFile)
    : routesFile.parse({});
  return { ...routes, default_channel: routes.default_channel ?? options.defaultChannel };
}

/** The first route of the event whose filter the payload passes; the default channel for unknown events. */
export function routeEvent(routes: Routes, event: string, p: WebhookPayload): Routing {
  const candidates = routes.routes.filter((r) => r.event === event);
  if (candidates.length === 0) {
    return routes.default_channel
      ? { kind: 'post', channel: routes.default_channel, style: 'card' }
      : { kind: 'unknown', configured: [...new Set(routes.routes.map((r) => r.event))] };
  }
  for (const r of candidates) {
    const f = r.filter;
    if (f?.pipeline_id && p.pipeline_id !== f.pipeline_id) continue;
    if (f?.stage && p.stage?.toLowerCase() !== f.stage.toLowerCase()) continue;
    if (f?.min_value !== undefined && (p.value ?? Number.NEGATIVE_INFINITY) < f.min_value) continue;
    return {
      kind: 'post',
      channel: r.channel,
      style: r.style,
      ...(r.to === 'owner'
        ? {
            owner: {
              onlyLinked: r.filter?.owner_linked === true,
              ...(r.digest ? { digestMs: r.digest } : {}),
            },
          }
        : {}),
    };
  }
  return { kind: 'filtered' };
}
