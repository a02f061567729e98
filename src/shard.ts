/** Splitting editions over CI runners (--shard i/n): deterministic, balanced by expected pages. */

export interface Shardable {
  job: { id: string };
  expectedPages: number;
}

/** --shard i/n: longest-processing-time-first over expected pages; ties broken by id. */
export function shardOf<T extends Shardable>(plan: readonly T[], index: number, count: number): T[] {
  const order = [...plan].sort((a, b) => b.expectedPages - a.expectedPages || (a.job.id < b.job.id ? -1 : 1));
  const load = new Array(count).fill(0);
  const pick: T[][] = Array.from({ length: count }, () => []);
  for (const e of order) {
    let k = 0;
    for (let j = 1; j < count; j++) if (load[j] < load[k]) k = j;
    load[k] += e.expectedPages;
    pick[k].push(e);
  }
  return pick[index - 1];
}
