import { Pool } from 'undici';
import { signature } from '../sim/slack/driver.js';

/**
 * Load generators over one undici pool. `openLoop` sends at evenly spaced, scheduled instants (not in per-second
 * bursts) and measures each request from its scheduled instant, so time spent queueing is counted, not hidden.
 * `closedLoop` keeps `connections` requests in flight for the maximum throughput.
 */
export interface Shot {
  path: string;
  body: string;
  headers: Record<string, string>;
}

/** Now, as Slack stamps a request (a signature is valid for five minutes; runs last longer). */
export const slackNow = () => String(Math.floor(Date.now() / 1000));

/** A slash command as Slack signs and sends it. */
export function signedCommand(signingSecret: string, ts: string, fields: Record<string, string>): Shot {
  const body = new URLSearchParams({
    team_id: 'T0SIM',
    channel_id: 'C0BENCH',
    user_id: 'U0BENCH',
    command: '/smbcrm',
    ...fields,
  }).toString();
  return {
    path: '/slack/events',
    body,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': ts,
      'x-slack-signature': signature(signingSecret, ts, body),
    },
  };
}

/**
 * A channel message as the Events API delivers it: the commonest request a bot in busy channels receives, and
 * one the bot acknowledges and ignores (not a mention, not in a thread it is part of).
 */
export function signedChannelMessage(signingSecret: string, ts: string, n: number): Shot {
  const messageTs = `${ts}.${String(n).padStart(6, '0')}`;
  const body = JSON.stringify({
    token: 'legacy-verification-token',
    team_id: 'T0SIM',
    api_app_id: 'A0SIM',
    type: 'event_callback',
    event_id: `Ev0BENCH${n}`,
    event_time: Number(ts),
    authorizations: [{ team_id: 'T0SIM', user_id: 'U0BOT', is_bot: true, is_enterprise_install: false }],
    event: {
      type: 'message',
      channel: 'C0BENCH',
      channel_type: 'channel',
      user: 'U0BENCH',
      text: 'Lunch order is in, back at 2',
      ts: messageTs,
      event_ts: messageTs,
    },
  });
  return {
    path: '/slack/events',
    body,
    headers: {
      'content-type': 'application/json',
      'x-slack-request-timestamp': ts,
      'x-slack-signature': signature(signingSecret, ts, body),
    },
  };
}

/**
 * A pool the caller keeps across runs (pass it instead of an origin): a run on a fresh pool opens its
 * connections first, and their set-up lands in the first requests' latency.
 */
export function keepAlivePool(origin: string, connections = 50): Pool {
  return new Pool(origin, { connections, pipelining: 1, keepAliveTimeout: 60_000 });
}

const own = (target: string | Pool, connections: number) =>
  typeof target === 'string'
    ? { pool: keepAlivePool(target, connections), close: true }
    : { pool: target, close: false };

export async function openLoop(
  target: string | Pool,
  shots: () => Shot,
  rate: number,
  durationMs: number,
  connections = 50,
) {
  const { pool, close } = own(target, connections);
  const total = Math.round((rate * durationMs) / 1000);
  const latencies: number[] = [];
  let errors = 0;
  const inflight: Promise<void>[] = [];
  const started = performance.now();
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 2) await new Promise((r) => setTimeout(r, wait - 1));
    // The last millisecond by yielding to the event loop: setTimeout alone is too coarse for even pacing.
    while (due - performance.now() > 0) await new Promise((r) => setImmediate(r));
    const shot = shots();
    inflight.push(
      pool
        .request({ method: 'POST', path: shot.path, headers: shot.headers, body: shot.body })
        .then(async (res) => {
          await res.body.dump();
          if (res.statusCode !== 200) errors += 1;
          latencies.push(performance.now() - due);
        })
        .catch(() => {
          errors += 1;
        }),
    );
  }
  await Promise.all(inflight);
  if (close) await pool.close();
  return { errors, latencies };
}

export async function closedLoop(
  target: string | Pool,
  shots: () => Shot,
  durationMs: number,
  connections = 50,
) {
  const { pool, close } = own(target, connections);
  let done = 0;
  let errors = 0;
  const end = performance.now() + durationMs;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < end) {
        const shot = shots();
        try {
          const res = await pool.request({
            method: 'POST',
            path: shot.path,
            headers: shot.headers,
            body: shot.body,
          });
          await res.body.dump();
          if (res.statusCode === 200) done += 1;
          else errors += 1;
        } catch {
          errors += 1;
        }
      }
    }),
  );
  if (close) await pool.close();
  return { perSecond: Math.round(done / (durationMs / 1000)), errors };
}
