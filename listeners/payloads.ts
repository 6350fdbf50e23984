import { z } from 'zod';
import type { Click } from '../services/domain/approvals/engine.js';

/**
 * The parts of Slack payloads the bot acts on, checked at the boundary. A button's value is data the client sent
 * back, so it is validated like any other input: a forged value is refused, not passed to SMBcrm.
 */
export const recordId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

export const buttonClick = z.object({
  user: z.object({ id: z.string().min(1) }),
  actions: z.array(z.object({ action_id: z.string(), value: z.string().optional() })).min(1),
});

/** The record id on a clicked button, or undefined when the value is not one. */
export function clickedRecordId(body: unknown): string | undefined {
  const parsed = buttonClick.safeParse(body);
  if (!parsed.success) return undefined;
  const id = recordId.safeParse(parsed.data.actions[0]?.value);
  return id.success ? id.data : undefined;
}

/** A button's value that holds a small JSON object, checked with `schema` (undefined when it is not one). */
function clickedJson<T>(body: unknown, schema: z.ZodType<T>): T | undefined {
  const parsed = buttonClick.safeParse(body);
  if (!parsed.success) return undefined;
  try {
    const value = schema.safeParse(JSON.parse(parsed.data.actions[0]?.value ?? ''));
    return value.success ? value.data : undefined;
  } catch {
    return undefined;
  }
}

/** The 👍/👎 buttons' value: the execution and interaction the rating is about. */
const feedback = z.object({ e: z.string().min(1).max(100), i: z.string().max(100) });

export function clickedFeedback(body: unknown): { executionId: string; interactionId: string } | undefined {
  const v = clickedJson(body, feedback);
  return v ? { executionId: v.e, interactionId: v.i } : undefined;
}

/** Where a clicked button sits: the channel and message (and its thread, if any). */
export const clickedMessage = z.object({
  container: z.object({ channel_id: z.string(), message_ts: z.string(), thread_ts: z.string().optional() }),
  team: z.object({ id: z.string() }).nullish(),
  user: z.object({ id: z.string(), team_id: z.string().optional() }),
});

/** A click on the person's own Home tab: a view container, no channel, message or response_url. */
export const homeClick = z.object({
  container: z.object({ type: z.literal('view') }),
  view: z.object({ type: z.literal('home') }),
  team: z.object({ id: z.string() }).nullish(),
  user: z.object({ id: z.string(), team_id: z.string().optional() }),
});
export type HomeClick = z.infer<typeof homeClick>;

/** The Home tab's Done button: the task and its contact. */
const taskRef = z.object({ c: recordId, t: recordId });
export function clickedTask(body: unknown): { contactId: string; taskId: string } | undefined {
  const v = clickedJson(body, taskRef);
  return v ? { contactId: v.c, taskId: v.t } : undefined;
}

/**
 * A click on the person's own Home tab, as the approval engine takes it (no channel or message: `fromHome` is
 * set where it is decided), or undefined when the payload is not one.
 */
export function homeClicker(body: unknown): { user: string; click: Click } | undefined {
  const where = homeClick.safeParse(body);
  if (!where.success) return undefined;
  const user = where.data.user.id;
  return {
    user,
    click: {
      user,
      userTeamId: where.data.user.team_id,
      teamId: where.data.team?.id,
      channel: '',
      messageTs: '',
    },
  };
}
