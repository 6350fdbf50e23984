import { startBenchStack } from './stack.js';
import { summarize } from './stats.js';

/**
 * An approved stage move, end to end over the simulators: `/smbcrm move …` → card posted in the channel, then
 * one Approve click → the move written and the card updated. Counts the SMBcrm calls of each phase.
 */
const OPP = 'OppSimJordanWeb001';
const STAGES = ['Proposal Sent', 'Qualified']; // back and forth, so every request is a real move

export async function approvalFlow(options: { moves: number }) {
  const { smbcrm, slack, driver, stop } = await startBenchStack();
  const cardPosted: number[] = [];
  const approved: number[] = [];
  const requestCalls: number[] = [];
  const approveCalls: number[] = [];
  const publicCards = () => slack.messages.filter((m) => m.channel === 'C0BENCH' && !m.visibleTo);
  for (let i = 0; i < options.moves + 5; i++) {
    const cards = publicCards().length;
    const calls0 = smbcrm.exchanges.length;
    const t0 = performance.now();
    await driver.command({ user: 'U0BENCH', channel: 'C0BENCH', text: `move ${OPP} to ${STAGES[i % 2]}` });
    const card = await slack.waitFor(() => publicCards()[cards], 10_000);
    const t1 = performance.now();
    const calls1 = smbcrm.exchanges.length;
    await driver.click({ user: 'U0APPROVER', message: card, actionId: 'approval_approve' });
    await slack.waitFor(
      () => (JSON.stringify(card.blocks).includes(':white_check_mark:') ? true : undefined),
      10_000,
    );
    const t2 = performance.now();
    if (i < 5) continue; // warm-up
    cardPosted.push(t1 - t0);
    approved.push(t2 - t1);
    requestCalls.push(calls1 - calls0);
    approveCalls.push(smbcrm.exchanges.length - calls1);
  }
  await stop();
  const mean = (xs: number[]) => Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 100) / 100;
  return {
    moves: options.moves,
    steps: '1 command (/smbcrm move) + 1 click (Approve by someone else)',
    requestToCardMs: summarize(cardPosted),
    approveToWrittenMs: summarize(approved),
    smbcrmCallsPerRequest: mean(requestCalls),
    smbcrmCallsPerApproval: mean(approveCalls),
  };
}
