import type { SimContact, SimSeed } from './types.js';

/**
 * The simulated Agent Studio agent. It answers from the simulator's own data (summarise a contact, count deals by
 * stage, list a contact's opportunities) in Markdown, and remembers earlier turns of its execution, so multi-turn
 * context is visible ("and what about her deals?"). It says it is a simulator.
 */
export interface ExecutionMemory {
  turns: { message: string; response: string }[];
  /** The contact the conversation is about, once one is known. */
  contactId?: string;
}

const money = (n: number) => new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(n);
const fullName = (c: SimContact) => [c.firstName, c.lastName].filter(Boolean).join(' ') || c.email || c.id;

/** The bot prefixes each turn with who is asking and where: "Maya Chen (in #front-desk): …". */
export function splitSpeaker(message: string): { speaker?: string; text: string } {
  const m = /^(.{1,80}?) \(in [^)]{1,100}\): ([\s\S]*)$/.exec(message);
  return m ? { speaker: m[1], text: m[2] ?? '' } : { text: message };
}

function findContact(db: SimSeed, locationId: string, text: string): SimContact | undefined {
  const t = text.toLowerCase();
  const ours = db.contacts.filter((c) => c.locationId === locationId);
  return (
    ours.find((c) => t.includes(fullName(c).toLowerCase())) ??
    ours.find((c) => c.companyName && t.includes(c.companyName.toLowerCase())) ??
    ours.find((c) => c.firstName && new RegExp(`\\b${c.firstName.toLowerCase()}\\b`).test(t))
  );
}

function stageName(db: SimSeed, pipelineId: string, stageId: string) {
  const p = db.pipelines.find((x) => x.id === pipelineId);
  return {
    pipeline: p?.name ?? 'a pipeline',
    stage: p?.stages.find((s) => s.id === stageId)?.name ?? 'a stage',
  };
}

function dealsOf(db: SimSeed, c: SimContact): string {
  const deals = db.opportunities.filter((o) => o.contactId === c.id);
  if (deals.length === 0) return `**${fullName(c)}** has no opportunities yet.`;
  const lines = deals.map((o) => {
    const { pipeline, stage } = stageName(db, o.pipelineId, o.pipelineStageId);
    return `- **${o.name}**: ${money(o.monetaryValue)}, ${pipeline} › ${stage} (${o.status})`;
  });
  const open = deals.filter((o) => o.status === 'open').reduce((sum, o) => sum + o.monetaryValue, 0);
  return [
    `**${fullName(c)}** has ${deals.length} ${deals.length === 1 ? 'opportunity' : 'opportunities'}:`,
    ...lines,
    '',
    `Open value: **${money(open)}**.`,
  ].join('\n');
}

function summary(db: SimSeed, c: SimContact): string {
  const owner = db.users.find((u) => u.id === c.assignedTo);
  const open = db.opportunities.filter((o) => o.contactId === c.id && o.status === 'open');
  return [
    `### ${fullName(c)}`,
    `- Company: ${c.companyName ?? '—'}`,
    `- Email: ${c.email ?? '—'} · Phone: ${c.phone ?? '—'}`,
    `- Owner: ${owner ? `${owner.firstName} ${owner.lastName}` : 'unassigned'}`,
    `- Tags: ${c.tags.length ? c.tags.map((t) => `\`${t}\``).join(', ') : 'none'}`,
    `- Open opportunities: ${open.length} worth ${money(open.reduce((s, o) => s + o.monetaryValue, 0))}`,
  ].join('\n');
}

function dealsByStage(db: SimSeed, locationId: string): string {
  const out: string[] = ['## Open deals by stage'];
  for (const p of db.pipelines.filter((x) => x.locationId === locationId)) {
    out.push('', `**${p.name}**`);
    for (const s of p.stages) {
      const deals = db.opportunities.filter((o) => o.pipelineStageId === s.id && o.status === 'open');
      out.push(
        `1. ${s.name}: ${deals.length} (${money(deals.reduce((sum, o) => sum + o.monetaryValue, 0))})`,
      );
    }
  }
  return out.join('\n');
}

function longReport(db: SimSeed, locationId: string): string {
  const out = ['# Full pipeline report', ''];
  const contacts = db.contacts.filter((c) => c.locationId === locationId);
  for (let round = 0; round < 30; round++) {
    for (const c of contacts) out.push(`## ${fullName(c)} (section ${round + 1})`, summary(db, c), '');
  }
  out.push('```', 'end of report', '```');
  return out.join('\n');
}

export function agentReply(
  db: SimSeed,
  locationId: string,
  memory: ExecutionMemory,
  message: string,
  contactId?: string,
): string {
  const { speaker, text } = splitSpeaker(message);
  const t = text.toLowerCase();
  const hello = speaker ? `Hi ${speaker.split(' ')[0]}!\n\n` : '';
  const intro =
    memory.turns.length === 0
      ? '_(I am the SMBcrm simulator’s agent, answering from its sample data.)_\n\n'
      : '';
  if (contactId) memory.contactId = contactId;
  const mentioned = findContact(db, locationId, t);
  if (mentioned) memory.contactId = mentioned.id;
  const contact = db.contacts.find((c) => c.id === memory.contactId && c.locationId === locationId);

  let body: string;
  const proposed = proposalsFor(text, contact ? fullName(contact) : undefined);
  if (proposed) body = proposed;
  else if (/\blong\b|full report/.test(t)) body = longReport(db, locationId);
  else if (/what did i (just )?ask|remember|earlier/.test(t)) {
    const previous = memory.turns.map((x, i) => `${i + 1}. ${splitSpeaker(x.message).text}`);
    body = previous.length
      ? ['You asked me:', ...previous].join('\n')
      : 'This is the first thing you have asked me.';
  } else if (/by stage|per stage|how many deals|count/.test(t)) body = dealsByStage(db, locationId);
  else if (/tell me about|summar|who is/.test(t) && contact) body = summary(db, contact);
  else if (/deal|opportunit|pipeline/.test(t) && contact) body = dealsOf(db, contact);
  else if (contact) body = summary(db, contact);
  else
    body =
      'I can **summarise a contact** ("tell me about Jordan Lee"), **count deals by stage** ("how many deals per stage?"), or **list a contact’s opportunities** ("and what about her deals?").';
  const response = `${intro}${hello}${body}`;
  memory.turns.push({ message, response });
  return response;
}

/**
 * The simulated agent's proposals (the protocol of services/domain/proposals/protocol.ts), for plain requests:
 * "move X to Y", "mark X won", "remind me to call X tomorrow", "note on X: …", "tag X vip". It answers in words and
 * ends with one `smbcrm-action` block, as an agent told the format in its instructions would.
 */
function proposalsFor(text: string, contactName: string | undefined): string | undefined {
  const block = (action: Record<string, unknown>) => `\`\`\`smbcrm-action\n${JSON.stringify(action)}\n\`\`\``;
  const move = /\bmove (?:the )?(.+?) (?:deal |opportunity )?to (.+?)[.!]?$/i.exec(text);
  if (move)
    return `I can move **${move[1]}** to **${move[2]}**; a person approves it first.\n\n${block({ action: 'move_stage', opportunity: move[1], stage: move[2] })}`;
  const status = /\bmark (?:the )?(.+?) (?:as )?(won|lost)\b/i.exec(text);
  if (status)
    return `Marking **${status[1]}** ${status[2]?.toLowerCase()}, once approved.\n\n${block({ action: 'set_status', opportunity: status[1], status: status[2]?.toLowerCase() })}`;
  const note = /\bnote on (.+?):\s*(.+)$/i.exec(text);
  if (note)
    return `Here is the note for **${note[1]}**.\n\n${block({ action: 'add_note', contact: note[1], text: note[2] })}`;
  const tag = /\btag (.+?) (?:as |with )?#?([\w-]+)[.!]?$/i.exec(text);
  if (tag)
    return `Tagging **${tag[1]}** ${tag[2]}.\n\n${block({ action: 'add_tags', contact: tag[1], tags: [tag[2]] })}`;
  const remind = /\bremind me to (.+?)(?: (today|tomorrow|on \w+|next \w+|in \d+ days))?[.!]?$/i.exec(text);
  if (remind && contactName)
    return `A reminder for you, on **${contactName}**.\n\n${block({ action: 'add_task', contact: contactName, title: remind[1], due: (remind[2] ?? 'tomorrow').replace(/^on /i, '') })}`;
  return undefined;
}
