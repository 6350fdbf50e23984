import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Runs a server (the bot's `src/index.ts`, or the bare Bolt app) in its own Node process, so the load generator
 * and the simulators in this process do not share its CPU, as they would not in production.
 */
const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export interface ChildServer {
  origin: string;
  pid: number;
  /** Resident set size from /proc, in MiB. */
  rssMiB(): number;
  stop(): Promise<void>;
}

export async function startChild(options: {
  entry: string;
  env: Record<string, string>;
  nodeOptions?: string;
  /** Extra node flags (e.g. --cpu-prof) before the entry. */
  nodeArgs?: string[];
}): Promise<ChildServer> {
  const port = 30_000 + Math.floor(Math.random() * 20_000);
  const child: ChildProcess = spawn(
    process.execPath,
    [...(options.nodeArgs ?? []), '--import', 'tsx', options.entry],
    {
      cwd: root,
      env: {
        PATH: process.env.PATH ?? '',
        ...options.env,
        PORT: String(port),
        ...(options.nodeOptions ? { NODE_OPTIONS: options.nodeOptions } : {}),
      },
      stdio: ['ignore', process.env.CHILD_OUT ? 'inherit' : 'ignore', 'inherit'],
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
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
