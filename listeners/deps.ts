import type { AssistantConfig, RespondFn } from '@slack/bolt';
import type { Logger } from 'pino';
import type { MoveRequests } from '../services/domain/approvals/move-requests.js';
import type { ApprovalRequests } from '../services/domain/approvals/requests.js';
import type { ConversationService } from '../services/domain/conversations/service.js';
import type { Welcome } from '../services/domain/conversations/welcome.js';
import type { CheckResult } from '../services/domain/doctor/checks.js';
import type { Home } from '../services/domain/home/home.js';
import type { LookupService } from '../services/domain/lookup/service.js';
import type { Unfurls } from '../services/domain/unfurls/unfurls.js';
import type { LeadRequests } from '../services/domain/writes/lead-requests.js';
import type { WriteRequests } from '../services/domain/writes/write-requests.js';
import type { Channels } from '../services/platform/slack/channels.js';
import type { Installation } from '../services/platform/slack/installation.js';
import type { AppLinks } from '../services/platform/smbcrm/app-links.js';

/**
 * What the listeners use, and nothing more: the container (src/container.ts) builds it; listeners never import
 * the composition root. A test can build it from fakes.
 */
export interface ListenerDeps {
  /** The few settings a listener reads itself. */
  settings: { currency: string; defaultPhoneRegion: string };
  logger: Logger;
  lookup: LookupService;
  /** Agent conversations; undefined when SMBCRM_AGENT_ID is not set. */
  conversations: ConversationService | undefined;
  /** Links into the SMBcrm web app. */
  links: AppLinks;
  /** The setup doctor's live checks (`/smbcrm status`). */
  doctor: () => Promise<CheckResult[]>;
  /** Whether Slack still takes the bot token (a refused one fails /readyz). */
  installation: Pick<Installation, 'noticeFailure'>;
  /** Per-thread context of the legacy assistant pane, in Redis. */
  assistantContext: NonNullable<AssistantConfig['threadContextStore']>;
  /** The agent view's Messages tab: suggested prompts and a first greeting. */
  welcome: Welcome;
  /** Approved opportunity moves. */
  moves: MoveRequests;
  /** Every request on the approval engine: decisions, retries, who may approve. */
  requests: ApprovalRequests;
  /** The day's writes: notes, tasks, tags, won/lost, owner changes, and who you are in SMBcrm. */
  writes: WriteRequests;
  /** New leads from Slack, through a deduplicating upsert. */
  leads: LeadRequests;
  /** Each person's Home tab: what waits for them, their deals and tasks. */
  home: Home;
  /** Who is in a channel, and whether the bot is (where a request from the Home tab may go). */
  channels: Pick<Channels, 'botIsIn' | 'has'>;
  /** Links to SMBcrm records, unfurled. */
  unfurls: Unfurls;
  /** Where a modal's answer may be posted: the response_url origins Slack (or its simulator) hands out. */
  responseUrlOrigins: string[];
}

/** Bolt's `respond` (the request's response_url). */
export type Respond = RespondFn;
