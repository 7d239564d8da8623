// Where a machine's cores go while a run lasts: the CPU time of every thread of the
// browsers this Node process started, read from Linux's /proc and grouped by thread name.
// The bench uses it to show why a pool of N threads cannot reach N× on N cores when the
// page beside it is painting every frame: the page's own threads take a share of the cores.
//
// Linux only (elsewhere `snapshot` returns null and the bench leaves the columns out).
// Resolution is the kernel's clock tick (10 ms), fine for runs of a few hundred ms.
import { readdirSync, readFileSync } from 'node:fs';

const TICK_MS = 10; // USER_HZ is 100 on Linux everywhere it matters.

/**
 * The group a thread belongs to: a renderer's dedicated workers (named `DedicatedWorker`,
 * its `comm`), a renderer's main thread (the thread whose id is the process's: the page's
 * main thread, named like the program), or the rest (compositing, painting in the GPU
 * process, V8's background compiling and collecting, I/O).
 */
function groupOf(comm, isRenderer, isMainThread) {
  if (isRenderer && comm.startsWith('DedicatedWorker')) return 'workers';
  if (isRenderer && isMainThread) return 'page_main';
  return 'other';
}

function read(path) {
  try { return readFileSync(path, 'utf8'); } catch { return null; }
}

/** `/proc/<pid>/stat` split after the `(comm)` field, which may itself hold spaces. */
function statFields(text) {
  const close = text.lastIndexOf(')');
  return { comm: text.slice(text.indexOf('(') + 1, close), rest: text.slice(close + 2).split(' ') };
}

/** Pids of every process below `root`. */
function descendants(root) {
  const children = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = read(`/proc/${name}/stat`);
    if (!stat) continue;
    const ppid = Number(statFields(stat).rest[1]);
    if (!children.has(ppid)) children.set(ppid, []);
    children.get(ppid).push(Number(name));
  }
  const found = [];
  const queue = [root];
  while (queue.length) {
    for (const child of children.get(queue.shift()) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

/** CPU ms per thread group, summed over the browsers this process started; null off Linux. */
export function snapshot() {
  if (process.platform !== 'linux') return null;
  const ms = { workers: 0, page_main: 0, other: 0 };
  for (const pid of descendants(process.pid)) {
    let tasks;
    try { tasks = readdirSync(`/proc/${pid}/task`); } catch { continue; }
    const isRenderer = (read(`/proc/${pid}/cmdline`) ?? '').includes('--type=renderer');
    for (const tid of tasks) {
      const stat = read(`/proc/${pid}/task/${tid}/stat`);
      if (!stat) continue;
      const { comm, rest } = statFields(stat);
      // utime and stime are fields 14 and 15 of stat; `rest` starts at field 3.
      ms[groupOf(comm, isRenderer, Number(tid) === pid)] += (Number(rest[11]) + Number(rest[12])) * TICK_MS;
    }
  }
  return ms;
}

/** Cores used by each group between two snapshots that `wallMs` apart. */
export function coresUsed(before, after, wallMs) {
  if (!before || !after || !(wallMs > 0)) return null;
  const used = (key) => (after[key] - before[key]) / wallMs;
  return { workers: used('workers'), page_main: used('page_main'), other: used('other') };
}
