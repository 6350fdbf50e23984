import type { CheckResult } from '../../domain/doctor/checks.js';
import type { SlackMessage } from './contact-card.js';
import { esc, truncate } from './format.js';

const MARK = { ok: '✓', fail: '✗', skip: '–' } as const;

/** A fix (mrkdwn) as a terminal shows it: no code marks, entities back to their characters. */
const terminal = (mrkdwn: string) =>
  mrkdwn.replace(/`/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** The doctor's results for a terminal: one line per check, the fix under each failure. */
export function doctorText(results: CheckResult[]): string {
  const lines = results.flatMap((r) => [
    `${MARK[r.status]} ${r.name}${r.detail ? ` — ${r.detail}` : ''}`,
    ...(r.status === 'fail' && r.fix ? [`    fix: ${terminal(r.fix)}`] : []),
  ]);
  const failed = results.filter((r) => r.status === 'fail').length;
  lines.push('', failed === 0 ? 'All checks passed.' : `${failed} check(s) failed; each says how to fix it.`);
  return lines.join('\n');
}

/** The same for `/smbcrm status` in Slack. Details can hold names from SMBcrm and Slack: escaped. */
export function doctorMessage(results: CheckResult[]): SlackMessage {
  const failed = results.filter((r) => r.status === 'fail').length;
  const lines = results.map(
    (r) =>
      `${MARK[r.status]} *${esc(r.name)}*${r.detail ? ` — ${esc(truncate(r.detail, 200))}` : ''}${r.status === 'fail' && r.fix ? `\n      ${r.fix}` : ''}`,
  );
  const head =
    failed === 0
      ? ':white_check_mark: *Setup check: all good.*'
      : `:warning: *Setup check: ${failed} problem(s).*`;
  const text = truncate(`${head}\n${lines.join('\n')}`, 3000);
  return {
    text: failed === 0 ? 'Setup check: all good' : `Setup check: ${failed} problem(s)`,
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }],
  };
}
