import { cleanText } from '../../lib/clean-text.js';
import type { Opportunity, Pipeline } from '../../platform/smbcrm/schemas.js';
import type { SlackMessage } from '../../presentation/views/contact-card.js';
import { errorMessage } from '../../presentation/views/messages.js';
import {
  moveModal,
  moveUsage,
  noOpportunity,
  pendingList,
  pickOpportunity,
  sameStage,
  unknownStage,
} from '../../presentation/views/move.js';
import { withChannelPicker } from '../../presentation/views/write-modals.js';
import type { Click } from './engine.js';
import { type createMoveAction, MOVE_ACTION, type MoveParams, type MovePlan } from './move.js';
import type { ApprovalRequests, Reply } from './requests.js';
import type { ApprovalStore } from './store.js';

/**
 * Moving an opportunity, from the person's request to the approved write: `/smbcrm move X to Y`, a pick among
 * several matches, or the "Move stage" modal of a lookup card all end in the same approval card in the channel.
 */
export interface MoveRequestsOptions {
  requests: ApprovalRequests;
  move: ReturnType<typeof createMoveAction>;
  store: ApprovalStore;
  pipelines: () => Promise<Pipeline[]>;
  currency: string;
}

export type MoveRequests = ReturnType<typeof createMoveRequests>;

/** "Website redesign to Proposal Sent" → the opportunity text and the stage text (split at the last " to "). */
export function parseMove(text: string): { opportunity: string; stage: string } | undefined {
  const clean = cleanText(text);
  const at = clean.toLowerCase().lastIndexOf(' to ');
  if (at <= 0) return undefined;
  const opportunity = clean.slice(0, at).trim();
  const stage = clean.slice(at + 4).trim();
  return opportunity && stage ? { opportunity, stage } : undefined;
}

export function createMoveRequests(options: MoveRequestsOptions) {
  const { requests, move } = options;
  const submit = (params: MoveParams, requester: string, channel: string) =>
    requests.submit({ action: MOVE_ACTION, params, requester, channel });

  async function fromPlan(plan: MovePlan, requester: string, channel: string): Promise<Reply> {
    switch (plan.kind) {
      case 'unknown_stage':
        return { ephemeral: unknownStage(plan.opportunity.name, plan.pipelineName, plan.stages) };
      case 'same_stage':
        return { ephemeral: sameStage(plan.opportunity.name, plan.stageName) };
      case 'ready':
        return submit(plan.params, requester, channel);
    }
  }

  return {
    /** One opportunity by id, whatever its status (empty when it is not this sub-account's). */
    findById: (id: string) => move.findOpportunities(id, 'any'),

    async fromCommand(text: string, requester: string, channel: string): Promise<Reply> {
      const parsed = parseMove(text);
      if (!parsed) return { ephemeral: moveUsage() };
      const found = await move.findOpportunities(parsed.opportunity);
      if (found.length === 0) return { ephemeral: noOpportunity(parsed.opportunity) };
      if (found.length > 1) {
        const candidates = await Promise.all(
          found.map(async (opportunity: Opportunity) => ({
            opportunity,
            stageName: parsed.stage,
            draftId: await options.store.saveDraft({
              opportunityId: opportunity.id,
              stage: parsed.stage,
              requester,
              channel,
            }),
          })),
        );
        return { ephemeral: pickOpportunity(candidates, options.currency) };
      }
      return fromPlan(await move.plan(found[0] as Opportunity, parsed.stage), requester, channel);
    },

    /** One of several matches was picked. */
    async fromDraft(draftId: string, user: string): Promise<Reply> {
      const draft = await options.store.loadDraft(draftId);
      if (!draft || draft.requester !== user)
        return {
          ephemeral: errorMessage('That choice has expired; run `/smbcrm move` again.'),
          refused: true,
        };
      if (!(await options.store.takeDraft(draftId)))
        return {
          ephemeral: errorMessage('That choice was already made; run `/smbcrm move` again.'),
          refused: true,
        };
      const [opportunity] = await move.findOpportunities(String(draft.opportunityId));
      if (!opportunity) return { ephemeral: noOpportunity(String(draft.opportunityId)) };
      return fromPlan(await move.plan(opportunity, String(draft.stage)), user, String(draft.channel));
    },

    /** The "Move stage" modal for one opportunity of a lookup card. */
    /** The modal for a card's button in `channel`, or (no channel: the Home tab) with a channel picker. */
    async modalFor(opportunityId: string, channel: string | undefined) {
      const [opportunity] = await move.findOpportunities(opportunityId);
      if (!opportunity) return undefined;
      const pipeline = (await options.pipelines()).find((p) => p.id === opportunity.pipelineId);
      if (!pipeline) return undefined;
      const view = moveModal(opportunity, pipeline, JSON.stringify({ o: opportunity.id, c: channel }));
      return channel ? view : withChannelPicker(view);
    },

    /** The modal was submitted with a target stage (by id). */
    async fromModal(
      opportunityId: string,
      stageId: string,
      requester: string,
      channel: string,
    ): Promise<Reply> {
      const [opportunity] = await move.findOpportunities(opportunityId);
      if (!opportunity) return { ephemeral: noOpportunity(opportunityId) };
      const pipeline = (await options.pipelines()).find((p) => p.id === opportunity.pipelineId);
      const stage = pipeline?.stages.find((s) => s.id === stageId);
      if (!stage)
        return {
          ephemeral: unknownStage(
            opportunity.name,
            pipeline?.name ?? 'its pipeline',
            pipeline?.stages.map((s) => s.name) ?? [],
          ),
        };
      return fromPlan(await move.plan(opportunity, stage.name), requester, channel);
    },

    /** "Request again" after the stage changed: a fresh request from where it is now to the same target. */
    async requestAgain(id: string, click: Click): Promise<Reply> {
      const again = await requests.again(id, click);
      if (!('record' in again)) return again;
      const { record } = again;
      // Only a stage move is asked again from its card; any other kind is asked again by its command.
      if (record.action !== MOVE_ACTION)
        return {
          ephemeral: errorMessage('Run the command again to ask for this change anew.'),
          refused: true,
        };
      const user = click.user;
      const p = record.params as MoveParams;
      const [opportunity] = await move.findOpportunities(p.opportunityId);
      if (!opportunity) return { ephemeral: noOpportunity(p.opportunityName) };
      return fromPlan(await move.plan(opportunity, p.toStageName), user, record.channel);
    },

    async pending(channel: string): Promise<SlackMessage> {
      return pendingList(await requests.pending(channel), options.currency);
    },
  };
}
