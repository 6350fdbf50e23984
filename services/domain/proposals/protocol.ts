import { z } from 'zod';

/**
 * The agent's side of a proposal: an Agent Studio answer may end with fenced blocks tagged `smbcrm-action`, each
 * one JSON object naming a write. The bot strips them from the answer it shows, and each valid one becomes the same
 * approval card the slash command would make. The agent only proposes: nothing in a block can approve, confirm or
 * change a policy (`.strict()`: a block with any other field, `approved` included, is refused whole).
 *
 *   ```smbcrm-action
 *   {"action": "move_stage", "opportunity": "Lee Consulting retainer", "stage": "Proposal Sent"}
 *   ```
 */
export const MAX_PROPOSALS = 5;
const FENCE = /```[ \t]*smbcrm-action[ \t]*\r?\n([\s\S]*?)```[ \t]*\r?\n?/g;

const name = z.string().trim().min(1).max(200);
const proposal = z.discriminatedUnion('action', [
  z.object({ action: z.literal('move_stage'), opportunity: name, stage: name }).strict(),
  z
    .object({
      action: z.literal('set_status'),
      opportunity: name,
      status: z.enum(['won', 'lost', 'abandoned', 'open']),
    })
    .strict(),
  z.object({ action: z.literal('assign'), opportunity: name, to: name }).strict(),
  z
    .object({ action: z.literal('add_note'), contact: name, text: z.string().trim().min(1).max(5_000) })
    .strict(),
  z
    .object({
      action: z.literal('add_task'),
      contact: name,
      title: z.string().trim().min(1).max(200),
      due: z.string().trim().max(60).optional(),
    })
    .strict(),
  z
    .object({
      action: z.literal('add_tags'),
      contact: name,
      tags: z.array(z.string().trim().min(1).max(100)).min(1).max(20),
    })
    .strict(),
  z
    .object({
      action: z.literal('remove_tags'),
      contact: name,
      tags: z.array(z.string().trim().min(1).max(100)).min(1).max(20),
    })
    .strict(),
]);
export type Proposal = z.infer<typeof proposal>;
export const PROPOSAL_KINDS = [
  'move_stage',
  'set_status',
  'assign',
  'add_note',
  'add_task',
  'add_tags',
  'remove_tags',
];

/** One block, read: a proposal, or why it is not one (in words for the thread). */
export type ReadBlock = { ok: true; proposal: Proposal } | { ok: false; why: string };

function read(raw: string): ReadBlock {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { ok: false, why: 'it is not one JSON object' };
  }
  if (!json || typeof json !== 'object' || Array.isArray(json))
    return { ok: false, why: 'it is not one JSON object' };
  const action = (json as { action?: unknown }).action;
  if (typeof action !== 'string' || !PROPOSAL_KINDS.includes(action))
    return {
      ok: false,
      why: `${typeof action === 'string' ? `“${action.slice(0, 40)}”` : 'its action'} is not a kind the bot knows (${PROPOSAL_KINDS.join(', ')})`,
    };
  const parsed = proposal.safeParse(json);
  if (parsed.success) return { ok: true, proposal: parsed.data };
  const issue = parsed.error.issues[0];
  const where = issue?.path.join('.') || 'the block';
  const what =
    issue?.code === 'unrecognized_keys'
      ? `has a field the bot does not take (${(issue as { keys?: string[] }).keys?.join(', ')})`
      : `${where}: ${issue?.message ?? 'not valid'}`;
  return { ok: false, why: `${action} ${what}` };
}

/** The answer without its action blocks, and the blocks read (at most MAX_PROPOSALS; `more` counts the rest). */
export function extractProposals(answer: string): { text: string; blocks: ReadBlock[]; more: number } {
  const raws = [...answer.matchAll(FENCE)].map((m) => m[1] ?? '');
  const text = answer.replace(FENCE, '').trim();
  return {
    text,
    blocks: raws.slice(0, MAX_PROPOSALS).map(read),
    more: Math.max(0, raws.length - MAX_PROPOSALS),
  };
}
