import { randomBytes } from 'node:crypto';
import type { Redis } from '../../platform/store/redis.js';
import { type ActionOutcome, parseOutcome } from './outcome.js';

/**
 * Approval requests in Redis. A request is a hash under its own hash tag (`approval:{id}`), so the transition
 * script touches one key and runs on Redis Cluster too. Status changes are atomic and single-winner:
 * pending → approved → done | failed, pending → rejected | expired; nothing else. A failed write stays
 * "approved but not done" until a retry (claimed with SET NX, so also single-winner) succeeds.
 */
export type ApprovalStatus = 'pending' | 'approved' | 'done' | 'failed' | 'rejected' | 'expired';

export interface ApprovalRecord<P = Record<string, unknown>> {
  id: string;
  action: string;
  params: P;
  requester: string;
  channel: string;
  /** The card's message, updated as the request moves on. */
  messageTs?: string;
  status: ApprovalStatus;
  createdAt: number;
  expiresAt: number;
  decidedBy?: string;
  decidedAt?: number;
  /** What happened when the write ran (services/domain/approvals/outcome.ts). */
  outcome?: ActionOutcome;
}

// KEYS[1] = the record. ARGV: nowMs, retainMs, to, allowed-from (comma list), then field/value pairs to set.
// Returns {'ok', previous} | {'expired'} | {'conflict', current} | {'missing'}.
const TRANSITION = `
local status = redis.call('HGET', KEYS[1], 'status')
if not status then return {'missing'} end
local now = tonumber(ARGV[1])
if status == 'pending' and now > tonumber(redis.call('HGET', KEYS[1], 'expiresAt')) then
  redis.call('HSET', KEYS[1], 'status', 'expired', 'decidedAt', ARGV[1])
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return {'expired'}
end
local allowed = false
for s in string.gmatch(ARGV[4], '[^,]+') do
  if s == status then allowed = true end
end
if not allowed then return {'conflict', status} end
redis.call('HSET', KEYS[1], 'status', ARGV[3])
for i = 5, #ARGV, 2 do
  redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return {'ok', status}`;

export type TransitionResult =
  | { kind: 'ok'; previous: ApprovalStatus }
  | { kind: 'expired' }
  | { kind: 'conflict'; current: ApprovalStatus }
  | { kind: 'missing' };

/** Which statuses each transition may leave. */
const ALLOWED_FROM: Record<Exclude<ApprovalStatus, 'pending'>, ApprovalStatus[]> = {
  approved: ['pending'],
  rejected: ['pending'],
  expired: ['pending'],
  done: ['approved', 'failed'],
  failed: ['approved', 'failed'],
};

export interface ApprovalStoreOptions {
  redis: Redis;
  prefix: string;
  /** How long a request is kept after it was created (for the audit trail and late clicks). */
  retainMs: number;
  /** How long audit events are kept. */
  auditRetentionMs: number;
}

export type ApprovalStore = ReturnType<typeof createApprovalStore>;

export function createApprovalStore(options: ApprovalStoreOptions) {
  const { redis, prefix, retainMs } = options;
  const key = (id: string) => `${prefix}approval:{${id}}`;
  const pendingKey = (channel: string) => `${prefix}approvals:pending:${channel}`;
  const allPendingKey = `${prefix}approvals:pending-all`;
  const requesterKey = (user: string) => `${prefix}approvals:by-requester:${user}`;
  const auditKey = `${prefix}approvals:audit`;
  const isId = (id: string) => /^[A-Za-z0-9_-]{22}$/.test(id);

  function parse(id: string, h: Record<string, string>): ApprovalRecord | undefined {
    if (!h.status || !h.params) return undefined;
    return {
      id,
      action: h.action ?? '',
      params: JSON.parse(h.params) as Record<string, unknown>,
      requester: h.requester ?? '',
      channel: h.channel ?? '',
      messageTs: h.messageTs || undefined,
      status: h.status as ApprovalStatus,
      createdAt: Number(h.createdAt),
      expiresAt: Number(h.expiresAt),
      decidedBy: h.decidedBy || undefined,
      decidedAt: h.decidedAt ? Number(h.decidedAt) : undefined,
      outcome: parseOutcome(h.outcome || undefined, { status: h.status, changed: h.changed === '1' }),
    };
  }

  return {
    /**
     * `listed`: shown in the channel's pending list (`/smbcrm approvals`). A request only its requester can
     * confirm, on their private card, is theirs alone and is not listed.
     */
    async create(
      r: Omit<ApprovalRecord, 'id' | 'status' | 'createdAt'>,
      options: { listed: boolean } = { listed: true },
    ): Promise<ApprovalRecord> {
      // 128 random bits: the button's value is all a click carries, so it must not be guessable.
      const id = randomBytes(16).toString('base64url');
      const record: ApprovalRecord = { ...r, id, status: 'pending', createdAt: Date.now() };
      await redis
        .multi()
        .hset(key(id), {
          action: record.action,
          params: JSON.stringify(record.params),
          requester: record.requester,
          channel: record.channel,
          status: record.status,
          createdAt: String(record.createdAt),
          expiresAt: String(record.expiresAt),
        })
        .pexpire(key(id), Math.max(retainMs, record.expiresAt - Date.now()))
        .exec();
      const keep = Math.max(retainMs, record.expiresAt - Date.now());
      if (options.listed) {
        await redis.zadd(pendingKey(record.channel), record.expiresAt, id);
        await redis.pexpire(pendingKey(record.channel), keep);
        // Every listed request, for the Home tab's "Waiting for you" (whoever may approve it); the expired leave.
        await redis.zadd(allPendingKey, record.expiresAt, id);
        await redis.zremrangebyscore(allPendingKey, '-inf', Date.now());
        await redis.pexpire(allPendingKey, keep);
      }
      // Each person's own requests, for their Home tab ("Withdraw").
      await redis.zadd(requesterKey(record.requester), record.expiresAt, id);
      await redis.zremrangebyscore(requesterKey(record.requester), '-inf', Date.now());
      await redis.pexpire(requesterKey(record.requester), keep);
      return record;
    },

    async get(id: string): Promise<ApprovalRecord | undefined> {
      if (!isId(id)) return undefined;
      return parse(id, await redis.hgetall(key(id)));
    },

    async setMessage(id: string, messageTs: string): Promise<void> {
      await redis.hset(key(id), 'messageTs', messageTs);
    },

    /** The single-winner status change. Extra fields are written in the same atomic step. */
    async transition(
      id: string,
      to: Exclude<ApprovalStatus, 'pending'>,
      fields: Record<string, string> = {},
    ): Promise<TransitionResult> {
      const pairs = Object.entries(fields).flat();
      const res = (await redis.eval(
        TRANSITION,
        1,
        key(id),
        Date.now(),
        retainMs,
        to,
        ALLOWED_FROM[to].join(','),
        ...pairs,
      )) as string[];
      const [kind, status] = res;
      if (kind === 'ok') return { kind, previous: status as ApprovalStatus };
      if (kind === 'conflict') return { kind, current: status as ApprovalStatus };
      return { kind: kind as 'expired' | 'missing' };
    },

    /** One retry of a failed write at a time, across instances. */
    async claimRetry(id: string): Promise<boolean> {
      return (await redis.set(`${key(id)}:retry`, '1', 'PX', 60_000, 'NX')) === 'OK';
    },
    async releaseRetry(id: string): Promise<void> {
      await redis.del(`${key(id)}:retry`);
    },

    /** A request no longer pending leaves every list of pending ones. */
    async unlistPending(record: Pick<ApprovalRecord, 'id' | 'channel' | 'requester'>): Promise<void> {
      await redis.zrem(pendingKey(record.channel), record.id);
      await redis.zrem(allPendingKey, record.id);
      await redis.zrem(requesterKey(record.requester), record.id);
    },

    /** Pending requests across channels (at most `limit`, soonest to expire first), or one person's own. */
    async pendingAll(limit = 50): Promise<ApprovalRecord[]> {
      const ids = await redis.zrangebyscore(allPendingKey, Date.now(), '+inf', 'LIMIT', 0, limit);
      const records = await Promise.all(ids.map((id) => this.get(id)));
      return records.filter((r): r is ApprovalRecord => r?.status === 'pending');
    },
    async pendingOf(user: string, limit = 20): Promise<ApprovalRecord[]> {
      const ids = await redis.zrangebyscore(requesterKey(user), Date.now(), '+inf', 'LIMIT', 0, limit);
      const records = await Promise.all(ids.map((id) => this.get(id)));
      return records.filter((r): r is ApprovalRecord => r?.status === 'pending');
    },

    /** The pending requests of a channel, soonest to expire first. */
    async pending(channel: string): Promise<ApprovalRecord[]> {
      const ids = await redis.zrangebyscore(pendingKey(channel), Date.now(), '+inf');
      const records = await Promise.all(ids.map((id) => this.get(id)));
      return records.filter((r): r is ApprovalRecord => r?.status === 'pending');
    },

    /** A half-made request waiting for a choice (which of several opportunities); the button carries only its id. */
    async saveDraft(draft: Record<string, unknown>, ttlMs = 15 * 60_000): Promise<string> {
      const id = randomBytes(16).toString('base64url');
      await redis.set(`${prefix}approval-draft:${id}`, JSON.stringify(draft), 'PX', ttlMs);
      return id;
    },
    /** Uses a draft up: true for exactly one caller, so one pick list makes one request however often it is clicked. */
    async takeDraft(id: string): Promise<boolean> {
      return isId(id) && (await redis.del(`${prefix}approval-draft:${id}`)) === 1;
    },
    async loadDraft(id: string): Promise<Record<string, unknown> | undefined> {
      if (!isId(id)) return undefined;
      const raw = await redis.get(`${prefix}approval-draft:${id}`);
      return raw ? (JSON.parse(raw) as Record<string, unknown>) : undefined;
    },

    /** Keeps an audit event for the configured time (older ones are trimmed on write). */
    async audit(event: Record<string, unknown>): Promise<void> {
      const now = Date.now();
      await redis.zadd(
        auditKey,
        now,
        JSON.stringify({ at: new Date(now).toISOString(), ...event, nonce: randomBytes(4).toString('hex') }),
      );
      await redis.zremrangebyscore(auditKey, '-inf', now - options.auditRetentionMs);
      await redis.pexpire(auditKey, options.auditRetentionMs);
    },

    async auditTrail(): Promise<Record<string, unknown>[]> {
      return (await redis.zrange(auditKey, 0, -1)).map((e) => JSON.parse(e) as Record<string, unknown>);
    },
  };
}
