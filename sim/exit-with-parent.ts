import { readFileSync } from 'node:fs';

/** The parent of a process, from /proc on Linux; undefined elsewhere or when it is gone. */
function parentOf(pid: number): number | undefined {
  try {
    // /proc/<pid>/stat: "pid (comm) state ppid …"; comm may hold spaces and parentheses, so read after the last ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    return Number.isInteger(ppid) && ppid > 1 ? ppid : undefined;
  } catch {
    return undefined;
  }
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * Calls `onOrphaned` once the process that started this one is gone. `npm run x` runs a script through a shell
 * (and tsx through a child of its own), so the process killed (npm) may be a grandparent: the ancestors up to
 * `levels` up are watched (on Linux; elsewhere only the parent, through `process.ppid`).
 */
export function exitWithParent(onOrphaned: () => void, levels = 3): void {
  const ancestors: number[] = [process.ppid];
  while (ancestors.length < levels) {
    const next = parentOf(ancestors.at(-1) as number);
    if (next === undefined) break;
    ancestors.push(next);
  }
  const first = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid !== first || !ancestors.every(alive)) {
      clearInterval(timer);
      onOrphaned();
    }
  }, 500);
  timer.unref();
}
