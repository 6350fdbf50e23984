import type { AllMiddlewareArgs, SlackViewMiddlewareArgs } from '@slack/bolt';
import type { Reply } from '../../services/domain/approvals/requests.js';
import type { LeadFields } from '../../services/domain/writes/lead.js';
import { leadProblems } from '../../services/domain/writes/lead.js';
import { phoneE164 } from '../../services/domain/writes/lead-input.js';
import { errorMessage } from '../../services/presentation/views/messages.js';
import type { ListenerDeps } from '../deps.js';
import { answerPrivately, readMetadata } from '../modal-metadata.js';
import { reportFailure } from '../reply.js';

type Args = SlackViewMiddlewareArgs & AllMiddlewareArgs;
type Value = { value?: string | null; selected_option?: { value: string; text?: { text: string } } | null };
type Values = Record<string, Record<string, Value>>;

const field = (v: Values, block: string) => {
  const x = v[block]?.[block];
  return (x?.selected_option?.value ?? x?.value ?? '').trim();
};

/**
 * "vip, Spring promo" → ["vip", "spring promo"]: lower-cased, without invisible characters (format characters and
 * the Hangul fillers that look like nothing), each with a letter or digit; or what is wrong with them.
 */
function tagsOf(text: string): { tags: string[]; problem?: string } {
  const tags = text
    .replace(/[\p{Cf}\u115F\u1160\u3164\uFFA0]/gu, '')
    .split(/[,\n]+/)
    .map((t) => t.replace(/\s+/g, ' ').trim().toLowerCase())
    .filter((t) => /[\p{L}\p{N}]/u.test(t));
  const unique = [...new Set(tags)];
  if (unique.some((t) => t.length > 100))
    return { tags: [], problem: 'A tag may be at most 100 characters.' };
  if (unique.length > 20) return { tags: [], problem: `At most 20 tags at a time (${unique.length} given).` };
  return { tags: unique };
}

/**
 * The new-lead modal submitted: a missing name, no email and no phone, an email or phone that does not read, each
 * said in the modal next to its field (nothing written); otherwise it closes and the approval card is posted in the
 * channel, with what SMBcrm is expected to do looked up afresh.
 */
export const leadSubmitted =
  (s: ListenerDeps) =>
  async ({ ack, view, body, client, context }: Args) => {
    const v = view.state.values as Values;
    const phoneTyped = field(v, 'phone');
    const phone = phoneTyped ? phoneE164(phoneTyped, s.settings.defaultPhoneRegion) : undefined;
    const email = field(v, 'email').toLowerCase();
    const firstName = field(v, 'first_name');
    const lastName = field(v, 'last_name');
    const tags = tagsOf(field(v, 'tags'));
    const problems: Record<string, string> = {
      ...leadProblems({ name: `${firstName} ${lastName}`, email, phone, phoneTyped }),
      ...(tags.problem ? { tags: tags.problem } : {}),
    };
    if (Object.keys(problems).length > 0) {
      await ack({ response_action: 'errors', errors: problems });
      return;
    }
    await ack();
    const meta = readMetadata(view.private_metadata);
    if (!meta) {
      context.outcome = 'bad-input';
      return;
    }
    const user = body.user.id;
    const owner = v.owner?.owner?.selected_option;
    const lead: LeadFields = {
      firstName,
      lastName,
      email: email || null,
      phone: phone ?? null,
      companyName: field(v, 'company') || null,
      tags: tags.tags,
      ownerId: owner?.value ?? null,
      ownerName: owner?.text?.text ?? null,
      note: field(v, 'note') || null,
    };
    const channel = meta.c;
    if (!channel) {
      context.outcome = 'bad-input'; // a lead modal is always opened from a channel or a DM
      return;
    }
    let reply: Reply;
    try {
      reply = await s.leads.submit(lead, user, channel);
    } catch (err) {
      reply = {
        ephemeral: errorMessage(reportFailure(s, context, { component: 'leads', user, channel }, err).text),
      };
    }
    if (reply.ephemeral) await answerPrivately(s, client, { ...meta, c: channel }, user, reply.ephemeral);
  };
