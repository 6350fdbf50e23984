import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import type { Opportunity, Pipeline, User } from '../../platform/smbcrm/schemas.js';
import type { JsonCache } from '../../platform/store/cache.js';
import type { SlackMessage } from '../../presentation/views/contact-card.js';
import { contactUnfurl, opportunityUnfurl } from '../../presentation/views/unfurl-card.js';
import type { LookupService } from '../lookup/service.js';
import { userName } from '../lookup/service.js';
import { appRecordOf } from './app-link.js';

/**
 * Links to SMBcrm records unfurl into a compact card (link_shared → chat.unfurl). An unfurl is seen by everyone in
 * the conversation, so it never shows an email or a phone; in a channel shared with another organisation, or while
 * the link is still in the composer (where the channel is not known yet), it shows only the name and the link. A
 * link to another sub-account or to a record that does not exist is not unfurled.
 * https://docs.slack.dev/messaging/unfurling-links-in-messages
 */
export interface LinkShared {
  channel: string;
  message_ts: string;
  unfurl_id?: string;
  source?: string;
  links: { url: string; domain?: string }[];
}

export interface UnfurlsOptions {
  lookup: LookupService;
  opportunityById: (id: string) => Promise<Opportunity | undefined>;
  client: WebClient;
  cache: JsonCache;
  appUrl: string;
  locationId: string;
  currency: string;
  logger: Logger;
}

/** Slack sends at most a few links per event; the bot unfurls at most this many (each costs SMBcrm calls). */
const MAX_LINKS = 5;

export type Unfurls = ReturnType<typeof createUnfurls>;

export function createUnfurls(options: UnfurlsOptions) {
  const appHost = new URL(options.appUrl).hostname.toLowerCase();
  const log = options.logger.child({ component: 'unfurls' });

  /** Shared with another organisation (Slack Connect)? Unknown (the composer, or no answer): treated as shared. */
  async function shared(e: LinkShared): Promise<boolean> {
    if (e.source === 'composer' || !/^[CGD][A-Z0-9]+$/.test(e.channel)) return true;
    try {
      return await options.cache.getOrLoad(`slack:ext-shared:${e.channel}`, 3_600, async () => {
        const res = await options.client.conversations.info({ channel: e.channel });
        const c = res.channel as { is_ext_shared?: boolean; is_shared?: boolean } | undefined;
        return !!(c?.is_ext_shared || c?.is_shared);
      });
    } catch (err) {
      log.debug({ err, channel: e.channel }, 'no channel info: unfurling as in a shared channel');
      return true;
    }
  }

  async function render(url: string, limited: boolean): Promise<SlackMessage | undefined> {
    const record = appRecordOf(url, { appHost, locationId: options.locationId });
    if (!record) return undefined;
    if (record.kind === 'contact') {
      const card = await options.lookup.cardById(record.id);
      return card ? contactUnfurl(card, { url, limited, currency: options.currency }) : undefined;
    }
    const o = await options.opportunityById(record.id);
    if (!o || (o.locationId && o.locationId !== options.locationId)) return undefined;
    const [pipelines, users] = await Promise.all([options.lookup.pipelines(), options.lookup.users()]);
    const pipeline = pipelines.find((p: Pipeline) => p.id === o.pipelineId);
    const owner = o.assignedTo ? users.find((u: User) => u.id === o.assignedTo) : undefined;
    return opportunityUnfurl(
      {
        name: o.name,
        contactId: o.contactId ?? o.contact?.id ?? null,
        contactName: o.contact?.name ?? null,
        value: o.monetaryValue ?? null,
        status: o.status ?? 'open',
        pipelineName: pipeline?.name ?? null,
        stageName: pipeline?.stages.find((s) => s.id === o.pipelineStageId)?.name ?? null,
        ownerName: owner ? userName(owner) : null,
      },
      { url, limited, currency: options.currency },
    );
  }

  return {
    /** Unfurls what it can of one link_shared event; resolves with how many links it unfurled. */
    async unfurl(e: LinkShared): Promise<number> {
      const limited = await shared(e);
      const unfurls: Record<string, SlackMessage> = {};
      for (const { url } of e.links.slice(0, MAX_LINKS)) {
        const card = await render(url, limited);
        if (card) unfurls[url] = card;
      }
      const count = Object.keys(unfurls).length;
      if (count === 0) return 0;
      const where =
        e.source === 'composer' && e.unfurl_id
          ? { unfurl_id: e.unfurl_id, source: 'composer' as const }
          : { channel: e.channel, ts: e.message_ts };
      await options.client.chat.unfurl({ ...where, unfurls } as Parameters<WebClient['chat']['unfurl']>[0]);
      return count;
    },
  };
}
