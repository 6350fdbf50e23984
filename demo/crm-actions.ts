import { randomBytes } from 'node:crypto';
import { fold } from '../services/lib/fold.js';
import type { SmbcrmSimulator } from '../sim/smbcrm/server.js';

/**
 * What happens in SMBcrm itself during the demo, outside Slack: a workflow firing its webhook at the bot, a
 * colleague moving a deal in the SMBcrm app, the agent failing for a turn.
 */
export function createCrmActions(options: {
  smbcrm: SmbcrmSimulator;
  botUrl: string;
  webhookSecret: string;
}) {
  const { smbcrm } = options;
  const db = smbcrm.db;
  const contactNamed = (name: string) =>
    db.contacts.find((c) => fold(`${c.firstName ?? ''} ${c.lastName ?? ''}`).includes(fold(name)));

  return {
    /** A workflow's Custom Webhook action, as SMBcrm sends it: signed with the shared secret, once per event. */
    async webhook(event: string, contactName: string): Promise<{ status: number; note: string }> {
      const c = contactNamed(contactName);
      if (!c) return { status: 0, note: `no contact called "${contactName}" in SMBcrm` };
      const deal = db.opportunities.find((o) => o.contactId === c.id && o.status === 'open');
      const stage = db.pipelines
        .find((p) => p.id === deal?.pipelineId)
        ?.stages.find((s) => s.id === deal?.pipelineStageId);
      const res = await fetch(`${options.botUrl}/webhooks/smbcrm`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-smbcrm-secret': options.webhookSecret,
          'x-smbcrm-event': event,
          'x-idempotency-key': randomBytes(8).toString('hex'),
        },
        body: JSON.stringify({
          contact_id: c.id,
          contact_name: `${c.firstName ?? ''} ${c.lastName ?? ''}`.trim(),
          email: c.email,
          phone: c.phone,
          ...(deal
            ? {
                opportunity_id: deal.id,
                opportunity_name: deal.name,
                pipeline_id: deal.pipelineId,
                stage: stage?.name,
                value: String(deal.monetaryValue ?? ''),
              }
            : {}),
        }),
      });
      await res.text();
      return {
        status: res.status,
        note: `${event} for ${c.firstName} ${c.lastName}, answered ${res.status}`,
      };
    },

    /** `move <deal> to <stage>` or `break agent`, done in SMBcrm directly. */
    run(words: string): string {
      if (/^break agent$/i.test(words)) {
        smbcrm.inject({ path: /\/execute$/, status: 500 });
        return 'Agent Studio will fail on the next turn';
      }
      const move = /^move (.+) to (.+)$/i.exec(words);
      if (!move) return 'try "crm move <deal> to <stage>" or "crm break agent"';
      const deal = db.opportunities.find((o) => fold(o.name) === fold(move[1] as string));
      if (!deal) return `no deal called "${move[1]}"`;
      const stage = db.pipelines
        .find((p) => p.id === deal.pipelineId)
        ?.stages.find((s) => fold(s.name) === fold(move[2] as string));
      if (!stage) return `no stage "${move[2]}" in that deal's pipeline`;
      deal.pipelineStageId = stage.id;
      deal.lastStageChangeAt = new Date().toISOString();
      return `someone moved ${deal.name} to ${stage.name} in the SMBcrm app`;
    },
  };
}
