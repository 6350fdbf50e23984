import { execFileSync } from 'node:child_process';
import { cpus } from 'node:os';

/**
 * Core pinning for the benchmarks that run a server in its own process. On a small machine the load generator
 * (which spins for microsecond pacing), the simulators and Redis would otherwise share cores with the server
 * under test, and the scheduler's choices show up as its latency. With pinning the server has the last core to
 * itself and everything else shares the others; both apps of a comparison are pinned alike.
 * BENCH_PIN=0 turns it off; it is off too on one core or where `taskset` (util-linux) is missing.
 */
export interface Pinning {
  /** The core list of the server under test (taskset's -c syntax), or undefined when not pinned. */
  server: string | undefined;
  /** The cores left to this process and what it starts (simulators, Redis, load generator). */
  rest: string | undefined;
}

function hasTaskset(): boolean {
  try {
    execFileSync('taskset', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

let pinning: Pinning | undefined;

/** Pins this process (all its threads) to every core but the last, once; later children inherit that. */
export function pinBench(): Pinning {
  if (pinning) return pinning;
  const n = cpus().length;
  if (process.env.BENCH_PIN === '0' || n < 2 || !hasTaskset()) {
    pinning = { server: undefined, rest: undefined };
    return pinning;
  }
  const rest = n === 2 ? '0' : `0-${n - 2}`;
  execFileSync('taskset', ['-a', '-c', '-p', rest, String(process.pid)], { stdio: 'ignore' });
  pinning = { server: String(n - 1), rest };
  return pinning;
}
