// groupCalls (../src/db/group-commit.ts): calls made together share one run, each gets its own answer,
// a failing group runs each call again alone so that a failure reaches only the call it belongs to, and calls arriving during a run wait for the
// next one (so what they read started after they arrived).
import { groupCalls } from '../src/db/group-commit';

describe('groupCalls', () => {
  it('runs the calls of one event-loop turn together and answers each its own, in order', async () => {
    const runs: number[][] = [];
    const call = groupCalls(async (qs: number[]) => { runs.push(qs); return qs.map((q) => q * 10); });
    expect(await Promise.all([1, 2, 3].map(call))).toEqual([10, 20, 30]);
    expect(runs).toEqual([[1, 2, 3]]);
  });

  it('lets calls that arrive during a run wait for the next run, which starts after they arrived', async () => {
    const runs: string[][] = [];
    let release!: () => void;
    const first = new Promise<void>((r) => { release = r; });
    const call = groupCalls(async (qs: string[]) => { runs.push(qs); if (qs[0] === 'a') await first; return qs; });
    const a = call('a');
    await new Promise((r) => setImmediate(r));
    const later = [call('b'), call('c')];
    expect(runs).toEqual([['a']]);
    release();
    expect(await Promise.all([a, ...later])).toEqual(['a', 'b', 'c']);
    expect(runs).toEqual([['a'], ['b', 'c']]);
  });

  it('runs each call of a failed group again alone: only the call that makes it fail gets the failure', async () => {
    const runs: number[][] = [];
    // The database refuses a group holding 13 (e.g. a value it cannot store): the whole statement fails.
    const call = groupCalls(async (qs: number[]) => { runs.push(qs); if (qs.includes(13)) throw new Error('statement failed'); return qs; });
    const group = await Promise.allSettled([call(1), call(13), call(2)]);
    expect(group).toEqual([
      { status: 'fulfilled', value: 1 },
      { status: 'rejected', reason: new Error('statement failed') },
      { status: 'fulfilled', value: 2 },
    ]);
    expect(runs).toEqual([[1, 13, 2], [1], [13], [2]]);
  });

  it('fails every call of a run that fails for each of them, and only that run\'s calls', async () => {
    let failing = true;
    const call = groupCalls(async (qs: number[]) => { if (failing) throw new Error('database down'); return qs; });
    const group = await Promise.allSettled([call(1), call(2)]);
    expect(group.map((o) => o.status)).toEqual(['rejected', 'rejected']);
    expect(group.map((o) => (o as PromiseRejectedResult).reason.message)).toEqual(['database down', 'database down']);
    failing = false;
    expect(await call(3)).toBe(3);
  });

  it('fails the whole group when the run answers a wrong number of answers, rather than mismatching them', async () => {
    const call = groupCalls(async (qs: number[]) => qs.slice(1));
    const group = await Promise.allSettled([call(1), call(2)]);
    expect(group.map((o) => o.status)).toEqual(['rejected', 'rejected']);
  });

  it('splits at maxItems (a larger single call still runs, alone)', async () => {
    const runs: number[][] = [];
    const call = groupCalls(async (qs: number[]) => { runs.push(qs); return qs; }, { maxItems: 5, sizeOf: (q) => q });
    await Promise.all([2, 3, 1, 7, 4].map(call));
    expect(runs).toEqual([[2, 3], [1], [7], [4]]);
  });
});
