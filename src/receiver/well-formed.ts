import { z } from 'zod';

/**
 * Is a signed request body a Slack payload the bot can hand to Bolt? Bolt reads fields of the parsed body
 * without checking it is an object (`body.ssl_check` on a `null` body throws in a promise nobody awaits, which
 * ends the process), and listeners read `user.id` and `actions[0]`. Slack always sends these shapes
 * (shared reference: slack-platform.md §3–§4); anything else is answered 400 and never reaches Bolt.
 * https://docs.slack.dev/interactivity/handling-user-interaction#payloads
 */
const user = z.object({ id: z.string().min(1) }).passthrough();

const eventCallback = z
  .object({ type: z.literal('event_callback'), event: z.object({ type: z.string().min(1) }).passthrough() })
  .passthrough();
const blockActions = z
  .object({
    type: z.literal('block_actions'),
    user,
    actions: z.array(z.object({ action_id: z.string() }).passthrough()).min(1),
  })
  .passthrough();
const viewPayload = z
  .object({
    type: z.enum(['view_submission', 'view_closed']),
    user,
    view: z.object({ id: z.string(), callback_id: z.string() }).passthrough(),
  })
  .passthrough();
const shortcut = z.object({ type: z.enum(['shortcut', 'message_action']), user }).passthrough();
const command = z
  .object({ command: z.string().min(1), user_id: z.string().min(1), channel_id: z.string().min(1) })
  .passthrough();
/** Other envelopes Slack sends that carry nothing a listener reads (url_verification, app_rate_limited, …). */
const other = z
  .object({ type: z.string().min(1) })
  .passthrough()
  .refine((b) => !['event_callback', 'block_actions', 'view_submission', 'view_closed'].includes(b.type));

/** A signed SSL check (Slack's own is unsigned and answered before the signature check). */
const sslCheck = z.object({ ssl_check: z.literal('1') }).passthrough();

const slackPayload = z.union([eventCallback, blockActions, viewPayload, shortcut, command, sslCheck, other]);

/** Parses a body as Bolt's HTTPReceiver does (form with `payload`, flat form, or JSON). */
export function parseSlackBody(contentType: string | undefined, raw: Buffer): unknown {
  const text = raw.toString();
  if (contentType === 'application/x-www-form-urlencoded') {
    const form = new URLSearchParams(text);
    const payload = form.get('payload');
    return payload !== null ? JSON.parse(payload) : Object.fromEntries(form);
  }
  return JSON.parse(text);
}

export function isWellFormed(contentType: string | undefined, raw: Buffer): boolean {
  let body: unknown;
  try {
    body = parseSlackBody(contentType, raw);
  } catch {
    return false;
  }
  return slackPayload.safeParse(body).success;
}
