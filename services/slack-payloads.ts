import { z } from 'zod';

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
