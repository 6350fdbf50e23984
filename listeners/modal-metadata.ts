import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import type { SlackMessage } from '../services/presentation/views/contact-card.js';
import type { ListenerDeps } from './deps.js';
import { recordId } from './payloads.js';

/**
 * What a write modal carries between its opening and its submission (private_metadata, ≤ 3,000 characters, never
 * shown): the record, the channel it came from, and the response_url of the click or shortcut that opened it, so
 * the answer reaches the person privately even in a channel the bot is not a member of.
 * https://docs.slack.dev/interactivity/handling-user-interaction#message_responses
 */
export const modalMetadata = z.object({
  i: recordId.optional(),
  // Absent for a modal opened from the Home tab, which asks for the channel instead (CHANNEL_PICKER).
  c: z
    .string()
    .regex(/^[CGD][A-Z0-9]+$/)
    .optional(),
  r: z.string().url().max(500).optional(),
});
export type ModalMetadata = z.infer<typeof modalMetadata>;

export function readMetadata(raw: string): ModalMetadata | undefined {
  try {
    const parsed = modalMetadata.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A private answer to a modal's submitter: through the stored response_url when it is Slack's (or the simulator's),
 * else chat.postEphemeral in the channel. A failure is logged: the modal is already closed.
 */
export async function answerPrivately(
  s: ListenerDeps,
  client: WebClient,
  meta: ModalMetadata & { c: string },
  user: string,
  message: SlackMessage,
): Promise<void> {
  const url = meta.r && s.responseUrlOrigins.includes(new URL(meta.r).origin) ? meta.r : undefined;
  try {
    if (url) {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ response_type: 'ephemeral', replace_original: false, ...message }),
        signal: AbortSignal.timeout(10_000),
      });
      if (res.ok) return;
      s.logger.warn(
        { component: 'writes', status: res.status },
        'the response_url refused the answer; posting it instead',
      );
    }
    await client.chat.postEphemeral({ channel: meta.c, user, ...message });
  } catch (err) {
    s.logger.warn({ component: 'writes', err, channel: meta.c }, 'could not answer a modal privately');
  }
}

/**
 * A channel picked in a modal opened from the Home tab: the request's card goes there, so the app must be in it
 * (else Slack refuses the card with not_in_channel once the modal is closed, and the person would hear nothing).
 * Returns what the modal says under the picker, or undefined when it will do.
 */
export async function pickedChannelProblem(
  s: ListenerDeps,
  channel: string | undefined,
  user: string,
): Promise<string | undefined> {
  if (!channel || !/^[CG][A-Z0-9]+$/.test(channel)) return 'Choose a channel.';
  // The person's own channel: the picker lists every public one, and a card may not go where they never were.
  const [bot, member] = await Promise.all([s.channels.botIsIn(channel), s.channels.has(channel, user)]);
  if (bot === 'unknown') return 'Slack did not answer about that channel just now: submit again in a moment.';
  if (bot === 'no')
    return 'The app is not in that channel: invite it there (/invite @smbcrm), or choose another.';
  return member ? undefined : 'You are not in that channel: choose one you are in.';
}

/**
 * The answer to a modal opened from the Home tab: privately in the channel its card went to (a card to confirm
 * stays usable there), and on top of the person's tab.
 */
export async function answerFromHome(
  s: ListenerDeps,
  client: WebClient,
  channel: string,
  user: string,
  message: SlackMessage,
): Promise<void> {
  await answerPrivately(s, client, { c: channel }, user, message);
  await s.home
    .tell(user, message.text)
    .catch((err: unknown) => s.logger.warn({ component: 'home', err }, 'could not republish the Home tab'));
}
