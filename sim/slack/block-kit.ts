/**
 * Block Kit limits that Slack enforces on messages (shared/reference/slack-platform.md §5). Slack answers a
 * message that breaks one with `invalid_blocks` or `msg_blocks_too_long`; the simulator does the same, and view
 * unit tests call this directly.
 * https://docs.slack.dev/reference/block-kit/blocks
 */
type Obj = Record<string, unknown>;

const MAX_BLOCKS = 50;
/** Slack rejects a message once its block text totals about 12 k characters (bolt-js#2509). */
export const MAX_BLOCK_TEXT_TOTAL = 12_000;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const textOf = (t: unknown): string => (isObj(t) && typeof t.text === 'string' ? t.text : '');

function checkText(t: unknown, max: number, where: string, errors: string[]): number {
  if (!isObj(t) || (t.type !== 'plain_text' && t.type !== 'mrkdwn') || typeof t.text !== 'string') {
    errors.push(`${where}: text object must have type plain_text|mrkdwn and a string text`);
    return 0;
  }
  if (t.text.length === 0) errors.push(`${where}: text must not be empty`);
  if (t.text.length > max) errors.push(`${where}: text longer than ${max} (${t.text.length})`);
  return t.text.length;
}

function checkElement(e: unknown, where: string, errors: string[], actionIds: Set<string>): number {
  if (!isObj(e)) {
    errors.push(`${where}: element must be an object`);
    return 0;
  }
  let chars = 0;
  if (typeof e.action_id === 'string') {
    if (e.action_id.length > 255) errors.push(`${where}: action_id longer than 255`);
    if (actionIds.has(e.action_id)) errors.push(`${where}: duplicate action_id ${e.action_id} in one block`);
    actionIds.add(e.action_id);
  }
  if (e.type === 'button') {
    chars += checkText(e.text, 75, `${where}.text`, errors);
    if (isObj(e.text) && e.text.type !== 'plain_text')
      errors.push(`${where}: button text must be plain_text`);
    if (typeof e.value === 'string' && e.value.length > 2000)
      errors.push(`${where}: button value longer than 2000`);
    if (typeof e.url === 'string' && e.url.length > 3000)
      errors.push(`${where}: button url longer than 3000`);
    if (e.style !== undefined && e.style !== 'primary' && e.style !== 'danger')
      errors.push(`${where}: bad style`);
    // https://docs.slack.dev/reference/block-kit/composition-objects/confirmation-dialog-object
    if (e.confirm !== undefined) {
      const c = isObj(e.confirm) ? e.confirm : {};
      checkText(c.title, 100, `${where}.confirm.title`, errors);
      checkText(c.text, 300, `${where}.confirm.text`, errors);
      checkText(c.confirm, 30, `${where}.confirm.confirm`, errors);
      checkText(c.deny, 30, `${where}.confirm.deny`, errors);
    }
  }
  return chars;
}

function checkBlock(b: unknown, i: number, errors: string[], blockIds: Set<string>): number {
  const where = `blocks[${i}]`;
  if (!isObj(b) || typeof b.type !== 'string') {
    errors.push(`${where}: block must be an object with a type`);
    return 0;
  }
  if (typeof b.block_id === 'string') {
    if (b.block_id.length > 255) errors.push(`${where}: block_id longer than 255`);
    if (blockIds.has(b.block_id)) errors.push(`${where}: duplicate block_id ${b.block_id}`);
    blockIds.add(b.block_id);
  }
  const actionIds = new Set<string>();
  let chars = 0;
  switch (b.type) {
    case 'header':
      chars += checkText(b.text, 150, `${where}.text`, errors);
      if (isObj(b.text) && b.text.type !== 'plain_text')
        errors.push(`${where}: header text must be plain_text`);
      break;
    case 'section': {
      if (b.text === undefined && b.fields === undefined)
        errors.push(`${where}: section needs text or fields`);
      if (b.text !== undefined) chars += checkText(b.text, 3000, `${where}.text`, errors);
      if (b.fields !== undefined) {
        if (!Array.isArray(b.fields) || b.fields.length > 10)
          errors.push(`${where}: fields must be ≤10 items`);
        for (const [j, f] of (Array.isArray(b.fields) ? b.fields : []).entries()) {
          chars += checkText(f, 2000, `${where}.fields[${j}]`, errors);
        }
      }
      if (b.accessory !== undefined)
        chars += checkElement(b.accessory, `${where}.accessory`, errors, actionIds);
      break;
    }
    case 'context': {
      const els = Array.isArray(b.elements) ? b.elements : [];
      if (els.length === 0 || els.length > 10) errors.push(`${where}: context needs 1–10 elements`);
      for (const [j, e] of els.entries()) {
        if (isObj(e) && e.type === 'image') continue;
        chars += checkText(e, 3000, `${where}.elements[${j}]`, errors);
      }
      break;
    }
    case 'actions': {
      const els = Array.isArray(b.elements) ? b.elements : [];
      if (els.length === 0 || els.length > 25) errors.push(`${where}: actions needs 1–25 elements`);
      for (const [j, e] of els.entries())
        chars += checkElement(e, `${where}.elements[${j}]`, errors, actionIds);
      break;
    }
    case 'markdown':
      if (typeof b.text !== 'string' || b.text.length === 0 || b.text.length > 12_000) {
        errors.push(`${where}: markdown text must be 1–12000 characters`);
      }
      chars += typeof b.text === 'string' ? b.text.length : 0;
      break;
    case 'divider':
    case 'image':
    case 'rich_text':
    case 'input':
    case 'table':
      break;
    default:
      errors.push(`${where}: unknown block type ${b.type}`);
  }
  return chars;
}

export interface BlockKitCheck {
  /** Slack's error code for the first problem, or undefined when the message is valid. */
  error: 'invalid_blocks' | 'msg_blocks_too_long' | 'no_text' | undefined;
  problems: string[];
}

/** The rules of each block, and how many a surface holds (a message 50; a modal or a Home tab 100). */
export function checkBlocks(blocks: unknown[], maxBlocks: number): { problems: string[]; chars: number } {
  const problems: string[] = [];
  if (blocks.length > maxBlocks) problems.push(`more than ${maxBlocks} blocks (${blocks.length})`);
  const blockIds = new Set<string>();
  let chars = 0;
  for (const [i, b] of blocks.entries()) chars += checkBlock(b, i, problems, blockIds);
  return { problems, chars };
}

/** Checks a message payload (`text` and/or `blocks`) the way chat.postMessage and response_url do. */
export function checkMessage(payload: { text?: unknown; blocks?: unknown }): BlockKitCheck {
  const problems: string[] = [];
  const blocks = payload.blocks;
  if (blocks === undefined || (Array.isArray(blocks) && blocks.length === 0)) {
    const ok = typeof payload.text === 'string' && payload.text.length > 0;
    return { error: ok ? undefined : 'no_text', problems: ok ? [] : ['text or blocks required'] };
  }
  if (!Array.isArray(blocks)) return { error: 'invalid_blocks', problems: ['blocks must be an array'] };
  const { problems: found, chars: total } = checkBlocks(blocks, MAX_BLOCKS);
  problems.push(...found);
  if (problems.length > 0) return { error: 'invalid_blocks', problems };
  if (total > MAX_BLOCK_TEXT_TOTAL) {
    return { error: 'msg_blocks_too_long', problems: [`block text totals ${total} characters`] };
  }
  return { error: undefined, problems };
}

/** All visible text of a message, for assertions and the terminal demo. */
export function messageText(payload: { text?: unknown; blocks?: unknown }): string {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (isObj(v)) {
      if (typeof v.text === 'string') out.push(v.text);
      else if (v.text !== undefined) out.push(textOf(v.text));
      for (const k of ['fields', 'elements', 'accessory'] as const) if (v[k] !== undefined) walk(v[k]);
    }
  };
  walk(payload.blocks);
  if (out.length === 0 && typeof payload.text === 'string') out.push(payload.text);
  return out.join('\n');
}
