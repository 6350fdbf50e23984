import type { ApprovalRecord } from '../../domain/approvals/store.js';
import { summarise } from './write-summary.js';

/**
 * What a click on the Home tab did, in one line on top of the tab (a Home tab has no response_url for a private
 * answer). `refusal` is the engine's own words when the click changed nothing.
 */
export function decisionNotice(
  r: { record?: ApprovalRecord; refusal?: string },
  currency: string,
  verb: 'decided' | 'withdrew' = 'decided',
): string {
  if (r.refusal) return r.refusal;
  const record = r.record;
  if (!record) return 'That request no longer exists (or never did). Nothing was changed.';
  const s = summarise(record, currency);
  const inChannel = /^[CG][A-Z0-9]+$/.test(record.channel);
  const where = inChannel ? ` (the card in <#${record.channel}> says so too)` : '';
  if (record.outcome?.kind === 'changed')
    return `:arrows_counterclockwise: Not done: it changed in SMBcrm meanwhile (${s.changedTo(record.outcome.now)}). Nothing was written.${where}`;
  switch (record.status) {
    case 'done':
      return `:white_check_mark: ${s.done}.${where}`;
    case 'rejected':
      return verb === 'withdrew'
        ? `:leftwards_arrow_with_hook: You withdrew your request to ${s.what}.${where}`
        : `:no_entry_sign: Rejected: ${s.what}.${where}`;
    case 'failed':
      return `:warning: It could not be written to SMBcrm${inChannel ? `: the card in <#${record.channel}> says why and has Retry` : '. Try again in a minute'}.`;
    case 'expired':
      return 'That request had expired. Nothing was changed.';
    default:
      return `That request is now ${record.status}.`;
  }
}

export const homeAgentStarted = (channel: string) =>
  `:speech_balloon: I asked the agent; its answer is in <#${channel}> (your messages with me).`;
