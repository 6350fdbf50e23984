/**
 * Splits an agent's Markdown answer into pieces that each fit one Slack `markdown` block. The block's limit is
 * 12,000 characters, cumulative per message (shared/reference/slack-platform.md §5), so each piece becomes its own
 * message. Pieces break at paragraphs, else at lines, else mid-line; a code fence cut in two is closed and reopened,
 * so every piece renders on its own. Nothing is dropped.
 */
export const MAX_MARKDOWN_PER_MESSAGE = 11_000;

export function splitMarkdown(text: string, max = MAX_MARKDOWN_PER_MESSAGE): string[] {
  const body = text.trim() === '' ? '_(The agent sent an empty answer.)_' : text;
  if (body.length <= max) return [body];
  const pieces: string[] = [];
  let current = '';
  let fence: string | undefined; // the opening fence line while inside a code block
  const flush = () => {
    if (current === '') return;
    pieces.push(fence ? `${current}\n\`\`\`` : current);
    current = fence ? `${fence}\n` : '';
  };
  // Room kept for a closing fence (and its newline) when a piece ends inside a code block.
  const room = max - 4;
  for (const line of body.split('\n')) {
    const units =
      line.length <= room - 16 ? [line] : (line.match(new RegExp(`[\\s\\S]{1,${room - 16}}`, 'g')) ?? ['']);
    for (const unit of units) {
      const next = current === '' ? unit : `${current}\n${unit}`;
      if (next.length > room) {
        // Prefer to break at the last paragraph boundary of the current piece.
        const cut = fence ? -1 : current.lastIndexOf('\n\n');
        if (cut > room / 2) {
          const rest = current.slice(cut + 2);
          current = current.slice(0, cut);
          flush();
          current = rest === '' ? unit : `${rest}\n${unit}`;
        } else {
          flush();
          current = current === '' ? unit : `${current}${unit}`;
        }
      } else current = next;
      if (/^\s*(```|~~~)/.test(unit)) fence = fence ? undefined : unit.trim();
    }
  }
  if (current !== '') pieces.push(current);
  return pieces;
}
