import { startBenchStack } from './stack.js';
import { summarize } from './stats.js';

/**
 * The day's writes, end to end over the simulators: the command → its card (the requester's private card, or the
 * channel's for an approver) → one click → written and the card updated. Counts the SMBcrm calls of each phase per
 * kind: what each write costs of the sub-account's ~10 calls a second.
 */
const CONTACT = 'jordan.lee@example.com';
const KINDS: { kind: string; command: (i: number) => string; approver: string }[] = [
  { kind: 'note', command: (i) => `note ${CONTACT}: bench note ${i}`, approver: 'U0BENCH' },
  { kind: 'task', command: (i) => `task ${CONTACT}: bench task ${i} due tomorrow`, approver: 'U0BENCH' },
  { kind: 'tags', command: (i) => `tag ${CONTACT}: +bench-${i}`, approver: 'U0BENCH' },
  // Back and forth, so every request is a real change (assign first: it needs the deal open).
  {
    kind: 'assign',
    command: (i) => `assign Website redesign to @${i % 2 ? 'u0bench' : 'u0approver'}`,
    approver: 'U0APPROVER',
  },
  {
    kind: 'won / reopen',
    command: (i) => `${i % 2 ? 'reopen' : 'won'} Website redesign`,
    approver: 'U0APPROVER',
  },
];

export async function writeFlow(options: { perKind: number }) {
  const { smbcrm, slack, driver, stop } = await startBenchStack();
  const out = [];
  for (const k of KINDS) {
    const toCard: number[] = [];
    const toWritten: number[] = [];
    const requestCalls: number[] = [];
    const confirmCalls: number[] = [];
    for (let i = 0; i < options.perKind + 3; i++) {
      const messages = slack.messages.length;
      const calls0 = smbcrm.exchanges.length;
      const t0 = performance.now();
      await driver.command({ user: 'U0BENCH', channel: 'C0BENCH', text: k.command(i) });
      const card = await slack.waitFor(
        () =>
          slack.messages
            .slice(messages)
            .find((m) => JSON.stringify(m.blocks ?? []).includes('approval_approve')),
        10_000,
      );
      const t1 = performance.now();
      const calls1 = smbcrm.exchanges.length;
      await driver.click({ user: k.approver, message: card, actionId: 'approval_approve' });
      await slack.waitFor(
        () => (JSON.stringify(card.blocks).includes(':white_check_mark:') ? true : undefined),
        10_000,
      );
      const t2 = performance.now();
      if (i < 3) continue; // warm-up: the users and pipelines caches, the first users.info
      toCard.push(t1 - t0);
      toWritten.push(t2 - t1);
      requestCalls.push(calls1 - calls0);
      confirmCalls.push(smbcrm.exchanges.length - calls1);
    }
    const mean = (xs: number[]) => Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 100) / 100;
    out.push({
      kind: k.kind,
      requestToCardMs: summarize(toCard),
      clickToWrittenMs: summarize(toWritten),
      smbcrmCallsPerRequest: mean(requestCalls),
      smbcrmCallsPerConfirm: mean(confirmCalls),
    });
  }
  await stop();
  return { perKind: options.perKind, kinds: out };
}
