import { parentPort, workerData } from 'node:worker_threads';
import { Pool } from 'undici';
import type { Shot } from './load.js';

/**
 * The open-loop generator of bench/load.ts `startLoadWorker`, on a thread of its own: the simulators that answer
 * every lookup run on the main thread, and sharing one event loop with them delayed both the sends and their
 * answers (measured back to back: the I/O floor's completion p99 at 300/s went from 15–22 ms to 11–13 ms once
 * apart; a busier machine later gave 15–22 ms with the worker too).
 * One keep-alive pool for the worker's life, so a measurement never pays for opening connections.
 */
export interface RunRequest {
  shots: Shot[];
  rate: number;
}

export interface RunResult {
  /** When each shot was handed to the pool (performance.timeOrigin + now(), comparable across threads). */
  sentAt: number[];
  /** Each acknowledgement's latency from the shot's scheduled instant, in ms. */
  latencies: number[];
  errors: number;
}

const { origin, connections } = workerData as { origin: string; connections: number };
const pool = new Pool(origin, { connections, pipelining: 1, keepAliveTimeout: 60_000 });
const port = parentPort;
if (!port) throw new Error('load-worker.ts runs as a worker thread');

port.on('message', async (msg: RunRequest | 'close') => {
  if (msg === 'close') {
    await pool.close();
    port.close();
    return;
  }
  const { shots, rate } = msg;
  const result: RunResult = { sentAt: new Array(shots.length), latencies: [], errors: 0 };
  const inflight: Promise<void>[] = [];
  const started = performance.now();
  for (let i = 0; i < shots.length; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    // Timers only: up to about a millisecond late, counted from the actual send, and no core spent spinning.
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const shot = shots[i] as Shot;
    result.sentAt[i] = performance.timeOrigin + performance.now();
    inflight.push(
      pool
        .request({ method: 'POST', path: shot.path, headers: shot.headers, body: shot.body })
        .then(async (res) => {
          await res.body.dump();
          if (res.statusCode !== 200) result.errors += 1;
          result.latencies.push(performance.now() - due);
        })
        .catch(() => {
          result.errors += 1;
        }),
    );
  }
  await Promise.all(inflight);
  port.postMessage(result);
});
