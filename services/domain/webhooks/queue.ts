import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { scrub } from '../../lib/scrub.js';
import type { Redis } from '../../platform/store/redis.js';

/**
 * The durable queue between the webhook receiver and Slack: Redis Streams with a consumer group, one stream per
 * channel. An event is acknowledged to SMBcrm only once it is in its stream. Any instance may post it, but per
 * channel only the holder of a short lease does, oldest first and at most one message per interval (Slack's
 * chat.postMessage allows about one per second per channel). If the holder dies, its lease lapses and the next
 * holder claims the entries it left pending (XAUTOCLAIM). A post that keeps failing goes to a dead-letter list.
 * https://redis.io/docs/latest/develop/data-types/streams/
 */
export interface QueuedEvent {
  /** The stream entry id, once queued. */
  id?: string;
  channel: string;
  event: string;
  /** The validated payload, as JSON. */
  payload: string;
  dedupeKey: string;
  receivedAt: string;
}

export interface DeadEvent extends QueuedEvent {
  reason: string;
  attempts: number;
  deadAt: string;
}

export interface WebhookQueueOptions {
  redis: Redis;
  prefix: string;
  logger: Logger;
  /** Posts one event; throws when Slack (or anything else) failed. */
  deliver(event: QueuedEvent): Promise<void>;
  /** Minimum time between two posts to one channel. */
  channelIntervalMs: number;
  /** Deliveries before an event is given up on and dead-lettered. */
  maxAttempts: number;
  /**
   * Dead letters hold each event's whole payload (names, emails, phones): kept for what a replay needs, this
   * long and at most this many, oldest dropped first.
   */
  deadLetterRetentionMs?: number;
  deadLetterMax?: number;
  /** How long a channel's lease lasts without renewal (a dead holder frees the channel after this). */
  leaseMs?: number;
  pollMs?: number;
  /** Runs after each poll of the worker (the owners' digests that are due). */
  onTick?: () => Promise<unknown>;
}

const GROUP = 'post';
/**
 * A stream, and the set of channels, expire after a week without a new event. By then every event in them was
 * posted or dead-lettered long ago (SMBCRM_WEBHOOK_MAX_ATTEMPTS tries with at most a minute between them), so an
 * idle key holds nothing anyone waits for.
 */
const IDLE_MS = 7 * 86_400_000;
const fields = (e: QueuedEvent) => [
  'channel',
  e.channel,
  'event',
  e.event,
  'payload',
  e.payload,
  'dedupeKey',
  e.dedupeKey,
  'receivedAt',
  e.receivedAt,
];
function fromFields(id: string, list: string[]): QueuedEvent {
  const m = new Map<string, string>();
  for (let i = 0; i + 1 < list.length; i += 2) m.set(list[i] as string, list[i + 1] as string);
  return {
    id,
    channel: m.get('channel') ?? '',
    event: m.get('event') ?? '',
    payload: m.get('payload') ?? '{}',
    dedupeKey: m.get('dedupeKey') ?? '',
    receivedAt: m.get('receivedAt') ?? '',
  };
}

export type WebhookQueue = ReturnType<typeof createWebhookQueue>;

export function createWebhookQueue(options: WebhookQueueOptions) {
  const { redis, prefix } = options;
  const log = options.logger.child({ component: 'webhook-queue' });
  const consumer = `c-${randomBytes(6).toString('hex')}`;
  const leaseMs = options.leaseMs ?? 15_000;
  const stream = (channel: string) => `${prefix}wh:{${channel}}:stream`;
  const lease = (channel: string) => `${prefix}wh:{${channel}}:lease`;
  const retryAt = (channel: string) => `${prefix}wh:{${channel}}:retry-at`;
  const attemptsKey = (channel: string) => `${prefix}wh:{${channel}}:attempts`;
  const channelsKey = `${prefix}wh:channels`;
  // A sorted set by time of death, so the oldest can be trimmed (the earlier list under wh:dead never expired).
  const deadKey = `${prefix}wh:dead-letters`;
  const deadRetentionMs = options.deadLetterRetentionMs ?? 14 * 86_400_000;
  const deadMax = options.deadLetterMax ?? 1_000;
  const nextPost = new Map<string, number>();
  let running = false;
  let loop: Promise<void> | undefined;

  /** The channel's consumer group, made once; the stream already exists (enqueue adds first, with its TTL). */
  async function ensureGroup(channel: string) {
    try {
      await redis.xgroup('CREATE', stream(channel), GROUP, '0');
    } catch (err) {
      if (!String((err as Error).message).includes('BUSYGROUP')) throw err;
    }
  }

  /** Holds (or renews) this channel's lease; only the holder posts to it. */
  async function hold(channel: string): Promise<boolean> {
    const got = await redis.set(lease(channel), consumer, 'PX', leaseMs, 'NX');
    if (got === 'OK') return true;
    if ((await redis.get(lease(channel))) !== consumer) return false;
    await redis.pexpire(lease(channel), leaseMs);
    return true;
  }

  /** One entry of the channel's stream for this consumer: '0' = its own pending ones, '>' = never delivered. */
  async function readOne(channel: string, from: '0' | '>'): Promise<QueuedEvent | undefined> {
    const res = (await redis.xreadgroup(
      'GROUP',
      GROUP,
      consumer,
      'COUNT',
      1,
      'STREAMS',
      stream(channel),
      from,
    )) as [string, [string, string[]][]][] | null;
    const entry = res?.[0]?.[1]?.[0];
    return entry ? fromFields(entry[0], entry[1]) : undefined;
  }

  /** The oldest event of the channel not yet posted: first any left pending (ours or a dead holder's), then new. */
  async function next(channel: string): Promise<QueuedEvent | undefined> {
    // Take over whatever a previous holder left pending; as the lease holder we are its only legitimate poster.
    // JUSTID: claiming must not count as a delivery (attempts are counted where they happen).
    await redis.xautoclaim(stream(channel), GROUP, consumer, 0, '0-0', 'COUNT', 100, 'JUSTID');
    return (await readOne(channel, '0')) ?? (await readOne(channel, '>'));
  }

  /** An entry is done with (posted or dead-lettered): acknowledge it and forget its retry state. */
  async function finish(channel: string, id: string): Promise<void> {
    // Not one MULTI: each step is idempotent, and a step left undone (a crash between them) is redone or harmless.
    // (It also lets the demo's in-process Redis, which emulates consumer groups outside its MULTI, run the queue.)
    await redis.xack(stream(channel), GROUP, id);
    await redis.xdel(stream(channel), id);
    await redis.multi().hdel(retryAt(channel), id).hdel(attemptsKey(channel), id).exec();
  }

  async function keepDead(dead: DeadEvent): Promise<void> {
    const now = Date.now();
    await redis
      .multi()
      .zadd(deadKey, now, JSON.stringify(dead))
      .zremrangebyscore(deadKey, '-inf', now - deadRetentionMs)
      .zremrangebyrank(deadKey, 0, -deadMax - 1)
      .pexpire(deadKey, deadRetentionMs)
      .exec();
  }

  /** One step for one channel: post its oldest event if it is our turn and time. True when one was posted. */
  async function step(channel: string): Promise<boolean> {
    if ((nextPost.get(channel) ?? 0) > Date.now()) return false;
    if (!(await hold(channel))) return false;
    const event = await next(channel);
    if (!event?.id) return false;
    const due = Number(await redis.hget(retryAt(channel), event.id));
    if (due && due > Date.now()) return false; // backing off after a failed post; order is kept by waiting
    const attempts = await redis.hincrby(attemptsKey(channel), event.id, 1);
    await redis.pexpire(attemptsKey(channel), 86_400_000);
    try {
      await options.deliver(event);
      await finish(channel, event.id);
      nextPost.set(channel, Date.now() + options.channelIntervalMs);
      log.info({ channel, event: event.event, entry: event.id, attempts }, 'webhook event posted');
      return true;
    } catch (err) {
      if (attempts >= options.maxAttempts) {
        const dead: DeadEvent = {
          ...event,
          reason: scrub((err as Error).message).slice(0, 500),
          attempts,
          deadAt: new Date().toISOString(),
        };
        await keepDead(dead);
        await finish(channel, event.id);
        log.error(
          { err, channel, event: event.event, entry: event.id, attempts },
          'webhook event dead-lettered',
        );
        return false;
      }
      // Exponential backoff with jitter; the event stays pending, so it is retried here or by the next holder.
      // Slack's Retry-After, when it sent one (the client throws WebAPIRateLimitedError with it).
      const retryAfterS = (err as { retryAfter?: number }).retryAfter;
      const wait = retryAfterS
        ? retryAfterS * 1000
        : Math.min(60_000, 500 * 2 ** (attempts - 1)) * (0.5 + Math.random() / 2);
      await redis.hset(retryAt(channel), event.id, String(Math.round(Date.now() + wait)));
      await redis.pexpire(retryAt(channel), 86_400_000);
      log.warn(
        { err, channel, event: event.event, entry: event.id, attempts, waitMs: Math.round(wait) },
        'webhook post failed; will retry',
      );
      return false;
    }
  }

  /**
   * One loop per channel with work: posts its backlog at the channel's own pace, and ends after a short idle.
   * Channels never wait for one another.
   */
  const loops = new Map<string, Promise<void>>();
  async function channelLoop(channel: string): Promise<void> {
    let idleSince = Date.now();
    while (running) {
      const posted = await step(channel).catch((err: Error) => {
        log.warn({ err, channel }, 'webhook worker step failed');
        return false;
      });
      if (posted) {
        idleSince = Date.now();
        const wait = (nextPost.get(channel) ?? 0) - Date.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        continue;
      }
      if (Date.now() - idleSince > 2_000) return;
      await new Promise((r) => setTimeout(r, options.pollMs ?? 100));
    }
  }

  async function tick() {
    for (const channel of await redis.smembers(channelsKey)) {
      if (!loops.has(channel))
        loops.set(
          channel,
          channelLoop(channel).finally(() => loops.delete(channel)),
        );
    }
  }

  return {
    consumer,
    /** Durably queues an event for its channel; resolves with the stream entry id. */
    async enqueue(event: QueuedEvent): Promise<string> {
      // Added and expired in one transaction, so no crash can leave a stream without a TTL; the group (from id 0)
      // then sees this entry too.
      const [[addErr, id] = [], [ttlErr] = []] =
        (await redis
          .multi()
          .xadd(stream(event.channel), 'MAXLEN', '~', 100_000, '*', ...fields(event))
          .pexpire(stream(event.channel), IDLE_MS)
          .exec()) ?? [];
      if (addErr || ttlErr) throw addErr ?? ttlErr;
      await ensureGroup(event.channel);
      await redis.multi().sadd(channelsKey, event.channel).pexpire(channelsKey, IDLE_MS).exec();
      return id as string;
    },

    /** Starts posting queued events from this instance. */
    start() {
      if (running) return;
      running = true;
      loop = (async () => {
        while (running) {
          await tick().catch((err: Error) => log.warn({ err }, 'webhook worker tick failed'));
          await options
            .onTick?.()
            .catch((err: Error) => log.warn({ err }, 'webhook worker periodic work failed'));
          await new Promise((r) => setTimeout(r, options.pollMs ?? 100));
        }
      })();
    },

    /** Stops after the post in progress; unposted events stay queued for any instance. */
    async stop() {
      running = false;
      await loop;
      await Promise.all(loops.values());
      // Give the channels back at once rather than after the lease lapses.
      const channels = await redis.smembers(channelsKey).catch(() => [] as string[]);
      for (const c of channels) {
        if ((await redis.get(lease(c)).catch(() => null)) === consumer)
          await redis
            .del(lease(c))
            .catch((err: Error) =>
              log.warn({ err, channel: c }, 'could not hand back a channel lease (it expires)'),
            );
      }
    },

    /** Dead-lettered events still within their retention, oldest first. */
    async dead(): Promise<DeadEvent[]> {
      const since = Date.now() - deadRetentionMs;
      return (await redis.zrangebyscore(deadKey, since, '+inf')).map((e) => JSON.parse(e) as DeadEvent);
    },

    /** Puts dead-lettered events back in their channel's queue (all, or those whose entry id is given). */
    async replay(ids?: string[]): Promise<number> {
      const all = await redis.zrangebyscore(deadKey, Date.now() - deadRetentionMs, '+inf');
      let replayed = 0;
      for (const raw of all) {
        const dead = JSON.parse(raw) as DeadEvent;
        if (ids && !ids.includes(dead.id ?? '')) continue;
        await this.enqueue({
          channel: dead.channel,
          event: dead.event,
          payload: dead.payload,
          dedupeKey: dead.dedupeKey,
          receivedAt: dead.receivedAt,
        });
        await redis.zrem(deadKey, raw);
        replayed += 1;
      }
      return replayed;
    },

    /** Events waiting (queued or being retried) per channel. */
    async depth(): Promise<Record<string, number>> {
      const channels = await redis.smembers(channelsKey);
      const lens = await Promise.all(channels.map((c) => redis.xlen(stream(c))));
      return Object.fromEntries(channels.map((c, i) => [c, lens[i] ?? 0]));
    },
  };
}
