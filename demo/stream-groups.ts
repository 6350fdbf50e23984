import type { Redis } from '../services/platform/store/redis.js';

/**
 * Redis Streams consumer groups for the demo's in-process Redis (ioredis-mock has streams but not groups): just
 * what the webhook queue uses (XGROUP CREATE, XREADGROUP, XAUTOCLAIM JUSTID, XACK), kept in memory, so the demo
 * runs the bot's real queue with nothing installed. Demo only; the bot itself always talks to a real Redis.
 */
type Entry = [string, string[]];
interface Group {
  lastDelivered: string;
  /** Entry id → consumer that holds it. */
  pending: Map<string, string>;
}

const after = (a: string, b: string) => {
  const [ams = 0, aseq = 0] = a.split('-').map(Number);
  const [bms = 0, bseq = 0] = b.split('-').map(Number);
  return ams > bms || (ams === bms && aseq > bseq);
};

export function withStreamGroups(mock: Redis): Redis {
  const groups = new Map<string, Group>();
  const key = (stream: string, group: string) => `${stream}\u0000${group}`;
  const entries = async (stream: string) => (await mock.xrange(stream, '-', '+')) as Entry[];

  const overrides: Record<string, (...args: (string | number)[]) => Promise<unknown>> = {
    async xgroup(op, stream, group) {
      if (String(op).toUpperCase() !== 'CREATE') throw new Error(`demo store: XGROUP ${op} is not emulated`);
      const k = key(String(stream), String(group));
      if (groups.has(k)) throw new Error('BUSYGROUP Consumer Group name already exists');
      groups.set(k, { lastDelivered: '0-0', pending: new Map() });
      return 'OK';
    },
    async xreadgroup(...args) {
      const a = args.map(String);
      const group = a[1] as string;
      const consumer = a[2] as string;
      const count = Number(a[a.indexOf('COUNT') + 1] ?? 1);
      const stream = a[a.indexOf('STREAMS') + 1] as string;
      const from = a[a.indexOf('STREAMS') + 2] as string;
      const g = groups.get(key(stream, group));
      if (!g) throw new Error('NOGROUP No such key or consumer group');
      const all = await entries(stream);
      let picked: Entry[];
      if (from === '>') {
        picked = all.filter(([id]) => after(id, g.lastDelivered)).slice(0, count);
        for (const [id] of picked) {
          g.pending.set(id, consumer);
          g.lastDelivered = id;
        }
      } else {
        picked = all.filter(([id]) => g.pending.get(id) === consumer).slice(0, count);
      }
      return picked.length ? [[stream, picked]] : null;
    },
    async xautoclaim(stream, group, consumer) {
      const g = groups.get(key(String(stream), String(group)));
      if (!g) throw new Error('NOGROUP No such key or consumer group');
      const live = new Set((await entries(String(stream))).map(([id]) => id));
      const claimed: string[] = [];
      for (const id of g.pending.keys()) {
        if (!live.has(id)) g.pending.delete(id);
        else {
          g.pending.set(id, String(consumer));
          claimed.push(id);
        }
      }
      return ['0-0', claimed, []];
    },
    async xack(stream, group, ...ids) {
      const g = groups.get(key(String(stream), String(group)));
      let n = 0;
      for (const id of ids) if (g?.pending.delete(String(id))) n += 1;
      return n;
    },
  };

  return new Proxy(mock, {
    get(target, prop, receiver) {
      if (typeof prop === 'string' && prop in overrides) return overrides[prop];
      const value = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
