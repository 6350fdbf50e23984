import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { simBotEnv } from '../sim/bot-env.js';

/**
 * Runs a server (the bot's `src/index.ts`, or the bare Bolt app) in its own Node process, so the load generator
 * and the simulators in this process do not share its CPU, as they would not in production.
 */
export const root = join(dirname(fileURLToPath(import.meta.url)), '..');

let built = false;
/**
 * Both servers run compiled, as `npm start` runs the bot (`tsc`, then `node dist/src/index.js`): under tsx a
 * process also holds the loader and every module's transpiled source, about 10 MB of strings in the bot's heap
 * (seen in a heap snapshot), which the garbage collector walks on every major collection.
 */
export function buildOnce(): void {
  if (built) return;
  const tsc = join(root, 'node_modules/typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', 'bench/tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
  built = true;
}

export interface ChildServer {
  origin: string;
  pid: number;
  /** Resident set size from /proc, in MiB. */
  rssMiB(): number;
  /** CPU time used so far (user + system, all threads), in milliseconds, from /proc. */
  cpuMs(): number;
  stop(): Promise<void>;
}

/** A port nothing listens on now (the OS picks it; the child binds it a moment later). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

export async function startChild(options: {
  entry: string;
  env: Record<string, string>;
  nodeOptions?: string;
}): Promise<ChildServer> {
  buildOnce();
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    [
      // BENCH_CPU_PROF=<dir> writes a V8 CPU profile of each child there (open it in Chrome's DevTools).
      ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []),
      // BENCH_NODE_ARGS adds Node flags to every server under test (e.g. --trace-gc).
      ...(process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
      join('dist', options.entry.replace(/\.ts$/, '.js')),
    ],
    {
      cwd: root,
      env: {
        PATH: process.env.PATH ?? '',
        ...options.env,
        PORT: String(port),
        ...(options.nodeOptions ? { NODE_OPTIONS: options.nodeOptions } : {}),
      },
      // The bot's JSON logs are discarded (as a log shipper would take them off stdout); errors still show.
      stdio: ['ignore', process.env.BENCH_CHILD_STDOUT ? 'inherit' : 'ignore', 'inherit'],
    },
  );
  const exited = new Promise((r) => child.once('exit', r));
  const origin = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${origin}/healthz`)).ok) break;
    } catch {}
    if (i > 200 || child.exitCode !== null) throw new Error(`${options.entry} did not start`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const pid = child.pid as number;
  return {
    origin,
    pid,
    rssMiB: () =>
      Math.round(Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024),
    cpuMs() {
      // Fields 14 and 15 of /proc/<pid>/stat, in clock ticks (100 per second on Linux); the name may hold spaces.
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return (Number(fields[11]) + Number(fields[12])) * 10;
    },
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * The bot as `npm start` runs it, on the simulators and Redis of this process: production settings, JSON logs at
 * info (discarded), and no shared SMBcrm budget to speak of (the simulator enforces none here either).
 */
export function startBotChild(a: {
  botToken: string;
  signingSecret: string;
  slackApiUrl: string;
  smbcrmUrl: string;
  redisUrl: string;
  nodeOptions?: string;
}): Promise<ChildServer> {
  const { nodeOptions, ...sim } = a;
  return startChild({
    entry: 'src/index.ts',
    env: { ...simBotEnv(sim), LOG_LEVEL: 'info', SMBCRM_RATE_LIMIT: '10000' },
    nodeOptions,
  });
}
