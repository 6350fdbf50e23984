import { fold } from '../../lib/fold.js';
import type { SmbcrmClient } from '../../platform/smbcrm/client.js';
import { SmbcrmError } from '../../platform/smbcrm/errors.js';
import type { Opportunity, Pipeline } from '../../platform/smbcrm/schemas.js';
import { type ActionHandler, type ActionOutcome, failureOf } from './engine.js';

/**
 * The first approved write: move an opportunity to another stage of its pipeline (PUT /opportunities/:id with
 * pipelineId and pipelineStageId; reference §5.4, scope opportunities.write).
 */
export const MOVE_ACTION = 'opportunity.move';

export interface MoveParams extends Record<string, unknown> {
  opportunityId: string;
  opportunityName: string;
  contactName: string | null;
  value: number | null;
  pipelineId: string;
  pipelineName: string;
  fromStageId: string;
  fromStageName: string;
  toStageId: string;
  toStageName: string;
}

export type MovePlan =
  | { kind: 'unknown_stage'; opportunity: Opportunity; pipelineName: string; stages: string[] }
  | { kind: 'same_stage'; opportunity: Opportunity; stageName: string }
  | { kind: 'ready'; params: MoveParams };

/** A stage by name within a pipeline: exact (case, accents and punctuation folded), else a unique prefix. */
export function findStage(pipeline: Pipeline, text: string) {
  const t = fold(text);
  if (t === '') return undefined;
  const exact = pipeline.stages.filter((s) => fold(s.name) === t);
  if (exact.length === 1) return exact[0];
  const prefix = pipeline.stages.filter((s) => fold(s.name).startsWith(t));
  return prefix.length === 1 ? prefix[0] : undefined;
}

const looksLikeId = (s: string) => /^[A-Za-z0-9_-]{10,64}$/.test(s) && /\d/.test(s);

export function createMoveAction(options: { smbcrm: SmbcrmClient; pipelines: () => Promise<Pipeline[]> }) {
  const { smbcrm } = options;

  /** Open opportunities by id or name (`any`: whatever their status, for reopening one). */
  async function findOpportunities(text: string, status: 'open' | 'any' = 'open'): Promise<Opportunity[]> {
    if (looksLikeId(text)) {
      const byId = await smbcrm.getOpportunity(text).catch((err: unknown) => {
        if (err instanceof SmbcrmError && (err.kind === 'not_found' || err.kind === 'forbidden'))
          return undefined;
        throw err;
      });
      if (byId && byId.locationId === smbcrm.locationId) return [byId];
    }
    const found = await smbcrm.searchOpportunities({
      q: text,
      status: status === 'any' ? 'all' : 'open',
      limit: 10,
    });
    const ours = found.opportunities.filter((o) => !o.locationId || o.locationId === smbcrm.locationId);
    const exact = ours.filter((o) => fold(o.name) === fold(text));
    return exact.length === 1 ? exact : ours;
  }

  /** Turns "opportunity, target stage" into a ready request, or says why not. */
  async function plan(opportunity: Opportunity, stageText: string): Promise<MovePlan> {
    const pipelines = await options.pipelines();
    const pipeline = pipelines.find((p) => p.id === opportunity.pipelineId);
    if (!pipeline) return { kind: 'unknown_stage', opportunity, pipelineName: 'its pipeline', stages: [] };
    const to = findStage(pipeline, stageText);
    if (!to)
      return {
        kind: 'unknown_stage',
        opportunity,
        pipelineName: pipeline.name,
        stages: pipeline.stages.map((s) => s.name),
      };
    const from = pipeline.stages.find((s) => s.id === opportunity.pipelineStageId);
    if (to.id === opportunity.pipelineStageId) return { kind: 'same_stage', opportunity, stageName: to.name };
    return {
      kind: 'ready',
      params: {
        opportunityId: opportunity.id,
        opportunityName: opportunity.name,
        contactName: opportunity.contact?.name ?? null,
        value: opportunity.monetaryValue ?? null,
        pipelineId: pipeline.id,
        pipelineName: pipeline.name,
        fromStageId: opportunity.pipelineStageId,
        fromStageName: from?.name ?? 'an unknown stage',
        toStageId: to.id,
        toStageName: to.name,
      },
    };
  }

  async function stageName(pipelineId: string, stageId: string): Promise<string> {
    const p = (await options.pipelines()).find((x) => x.id === pipelineId);
    return p?.stages.find((s) => s.id === stageId)?.name ?? 'another stage';
  }

  /** Where the opportunity is now, in the terms of the request. */
  async function state(p: MoveParams): Promise<'at_target' | 'at_origin' | { elsewhere: string }> {
    const now = await smbcrm.getOpportunity(p.opportunityId);
    if (now.pipelineId === p.pipelineId && now.pipelineStageId === p.toStageId) return 'at_target';
    if (now.pipelineId === p.pipelineId && now.pipelineStageId === p.fromStageId) return 'at_origin';
    return { elsewhere: await stageName(now.pipelineId, now.pipelineStageId) };
  }

  const handler: ActionHandler = {
    // A failed read or write is thrown to the engine, which keeps it as typed data and the card maps it to words.
    async execute(params): Promise<ActionOutcome> {
      const p = params as MoveParams;
      const before = await state(p);
      if (before === 'at_target') return { kind: 'done', already: true };
      if (before !== 'at_origin') return { kind: 'changed', now: before.elsewhere };
      // The PUT is idempotent (same target), so after a timeout: re-read, and send it again only if still needed.
      for (let attempt = 0; ; attempt++) {
        try {
          await smbcrm.updateOpportunity(p.opportunityId, {
            pipelineId: p.pipelineId,
            pipelineStageId: p.toStageId,
          });
          return { kind: 'done' };
        } catch (err) {
          const uncertain =
            err instanceof SmbcrmError &&
            (err.kind === 'timeout' || err.kind === 'network' || err.kind === 'server');
          if (!uncertain || attempt > 0) throw err;
          const now = await state(p).catch(() => undefined);
          if (now === 'at_target') return { kind: 'done' };
          if (now === undefined) return { kind: 'failed', error: failureOf(err) };
          if (now !== 'at_origin') return { kind: 'changed', now: now.elsewhere };
        }
      }
    },
  };

  return { findOpportunities, plan, handler };
}
