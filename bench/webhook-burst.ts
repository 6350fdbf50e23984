import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBenchStack } from './stack.js';
import { summarize } from './stats.js';

/**
 * A workflow firing a burst of events at once: how fast each is accepted (HTTP 202, durably queued), and how long
 * until all are posted at the production pace of one message per second per channel (spread over `channels`).
 */
const SECRET = 'bench-secret-0123456789abcdef';

export async function webhookBurst(options: { events: number; channels: number; concurrency: number }) {
  const channels = Array.from({ length: options.channels }, (_, i) => `C0HOOK${String(i).padStart(3, '0')}`);
  const routes = join(mkdtempSync(join(tmpdir(), 'bench-routes-')), 'routes.json');
  writeFileSync(
    routes,
    JSON.stringify({ routes: channels.map((channel, i) => ({ event: `e${i}`, channel, style: 'compact' })) }),
  );
  const { slack, stop, post } = await startBenchStack({
    env: {
      SMBCRM_WEBHOOK_SECRETS: SECRET,
      SMBCRM_WEBHOOK_ROUTES: routes,
      SMBCRM_WEBHOOK_CHANNEL_INTERVAL_MS: '1000',
    },
  });
  const accept: number[] = [];
  const started = performance.now();
  let next = 0;
  async function worker() {
    while (next < options.events) {
      const i = next++;
      const t0 = performance.now();
      const res = await post('/webhooks/smbcrm', JSON.stringify({ contact_id: 'CtcSimJordan000001', n: i }), {
        'content-type': 'application/json',
        'x-smbcrm-secret': SECRET,
        'x-smbcrm-event': `e${i % options.channels}`,
        'x-idempotency-key': `burst-${i}`,
      });
      if (res !== 202) throw new Error(`accept status ${res}`);
      accept.push(performance.now() - t0);
    }
  }
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const allAccepted = performance.now() - started;
  const posts = () => slack.calls.filter((c) => c.method === 'chat.postMessage' && c.ok).length;
  await slack.waitFor(() => (posts() >= options.events ? true : undefined), 10 * 60_000);
  const allPosted = performance.now() - started;
  await stop();
  return {
    events: options.events,
    channels: options.channels,
    acceptMs: summarize(accept),
    allAcceptedS: Math.round(allAccepted) / 1000,
    allPostedS: Math.round(allPosted / 100) / 10,
    paceBoundS: Math.ceil(options.events / options.channels) - 1,
  };
}
