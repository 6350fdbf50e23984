import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { scrub } from '../../lib/scrub.js';
import type { Redis } from '../../platform/store/redis.js';
import { missingFields, webhookPayload } from './payload.js';
import type { WebhookQueue } from './queue.js';
import { type Routes, routeEvent } from './routes.js';

/**
 * POST /webhooks/smbcrm: where an SMBcrm workflow's Custom Webhook action lands. In this order: authentication
 * (shared secret in X-SMBcrm-Secret, several accepted during a rotation, or a bearer token), size, JSON, required
 * fields, routing, exactly-once (X-Idempotency-Key, else a hash of event and body), and only then — once the event
 * is durably in its Redis stream — a 2xx. Nothing is stored or posted for a request refused on the way.
 */
export interface WebhookReceiverOptions {
  secrets: string[];
  bearer: string | undefined;
  maxBytes: number;
  routes: Routes;
  queue: WebhookQueue;
  redis: Redis;
  prefix: string;
  /** How long a delivery's idempotency key is remembered. */
  dedupeTtlSeconds?: number;
  logger: Logger;
}

const sha256 = (s: string | Buffer) => createHash('sha256').update(s).digest();
/** Constant-time equality that does not leak the secret's length either: compare digests. */
const same = (a: string, b: string) => timingSafeEqual(sha256(a), sha256(b));

function answer(res: ServerResponse, status: number, body: Record<string, unknown>) {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

const header = (req: IncomingMessage, name: string) => {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
};

/** Nesting deeper than this is no workflow's payload; refused before any validator walks it. */
export const MAX_JSON_DEPTH = 32;

/** How deep a parsed JSON value nests (iteratively: a hostile body must not exhaust the stack here either). */
export function jsonDepth(value: unknown, limit = MAX_JSON_DEPTH): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop() as [unknown, number];
    if (v === null || typeof v !== 'object') continue;
    deepest = Math.max(deepest, depth);
    if (deepest > limit) return deepest;
    for (const child of Object.values(v)) stack.push([child, depth + 1]);
  }
  return deepest;
}

async function readLimited(req: IncomingMessage, max: number): Promise<Buffer | 'too_large'> {
  const declared = Number(header(req, 'content-length'));
  if (Number.isFinite(declared) && declared > max) return 'too_large';
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > max) return 'too_large';
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export function createWebhookReceiver(options: WebhookReceiverOptions) {
  const log = options.logger.child({ component: 'webhooks' });

  function authenticated(req: IncomingMessage): boolean {
    const secret = header(req, 'x-smbcrm-secret');
    if (secret && options.secrets.some((s) => same(s, secret))) return true;
    const bearer = /^Bearer\s+(.+)$/i.exec(header(req, 'authorization') ?? '')?.[1];
    return Boolean(bearer && options.bearer && same(options.bearer, bearer));
  }

  return async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const event = (header(req, 'x-smbcrm-event') ?? '').trim();
    const done = (status: number, body: Record<string, unknown>, extra: Record<string, unknown> = {}) => {
      answer(res, status, body);
      log.info(
        {
          status,
          event: scrub(event.slice(0, 100)),
          ms: Math.round((performance.now() - started) * 10) / 10,
          ...extra,
        },
        'webhook request',
      );
    };

    if (!authenticated(req)) {
      req.resume(); // drain, never read: the body of an unauthenticated request is not looked at or logged
      log.warn(
        // Unauthenticated headers: scrubbed like anything else an outsider wrote.
        {
          event: scrub(event.slice(0, 100)),
          source: scrub(header(req, 'x-smbcrm-source')?.slice(0, 100) ?? ''),
        },
        'webhook refused: bad or missing secret',
      );
      return done(401, { error: 'unauthorized' });
    }
    const raw = await readLimited(req, options.maxBytes);
    if (raw === 'too_large') {
      req.resume();
      return done(413, { error: `body larger than ${options.maxBytes} bytes` });
    }
    let json: unknown;
    try {
      json = JSON.parse(raw.toString('utf8'));
    } catch {
      return done(400, { error: 'body is not valid JSON' });
    }
    if (!event)
      return done(422, { error: 'the X-SMBcrm-Event header is required', missing: ['X-SMBcrm-Event'] });
    // A poison body is refused for good (422), so SMBcrm does not retry it forever.
    if (jsonDepth(json) > MAX_JSON_DEPTH)
      return done(422, { error: `body nests deeper than ${MAX_JSON_DEPTH} levels` });
    const parsed = webhookPayload.safeParse(json);
    if (!parsed.success) {
      const invalid = parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`);
      return done(422, { error: 'some fields are not valid', invalid });
    }
    const missing = missingFields(event, parsed.data);
    if (missing.length)
      return done(422, { error: `missing required fields: ${missing.join(', ')}`, missing });

    const routing = routeEvent(options.routes, event, parsed.data);
    if (routing.kind === 'unknown') {
      return done(422, {
        error: `no route for event "${event.slice(0, 100)}" and no default channel`,
        configured_events: routing.configured,
      });
    }
    if (routing.kind === 'filtered') return done(200, { skipped: 'filtered out by its route' });

    const key =
      header(req, 'x-idempotency-key')?.trim() || sha256(`${event}\n${raw.toString('utf8')}`).toString('hex');
    const keyHash = sha256(key).toString('hex').slice(0, 32);
    const seenKey = `${options.prefix}wh:seen:${keyHash}`;
    let first: boolean;
    try {
      first =
        (await options.redis.set(seenKey, '1', 'EX', options.dedupeTtlSeconds ?? 7 * 86_400, 'NX')) === 'OK';
    } catch (err) {
      // Nothing was stored: SMBcrm's retry of this delivery will be taken once the store is back.
      log.error({ err }, 'webhook event not taken: store unavailable');
      return done(503, { error: 'the bot cannot reach its store right now; retry later' });
    }
    if (!first) return done(200, { duplicate: true }, { key: keyHash });
    try {
      const id = await options.queue.enqueue({
        channel: routing.channel,
        event,
        payload: JSON.stringify({
          ...parsed.data,
          _style: routing.style,
          ...(routing.owner ? { _owner: routing.owner } : {}),
        }),
        dedupeKey: keyHash,
        receivedAt: new Date().toISOString(),
      });
      done(202, { queued: true, id }, { channel: routing.channel, key: keyHash, entry: id });
    } catch (err) {
      // Not queued: forget the key so the workflow's retry is accepted. If even that fails, the retry would be
      // taken for a duplicate: said at error, so an operator knows an event may be lost.
      await options.redis
        .del(seenKey)
        .catch((e: Error) =>
          log.error(
            { err: e, key: keyHash },
            'could not forget a webhook key: a retry of this event will be taken for a duplicate',
          ),
        );
      log.error({ err }, 'webhook event could not be queued');
      done(503, { error: 'could not queue the event; retry later' });
    }
  };
}
