// The gateway's admission queue (gateway/src/admission.ts) on its own, with real timers: operations that
// waited too long are refused, and the queue keeps starting the ones behind them (review 7, H1: after a
// queue timeout the slot its entry held went unused, and under load the queue stalled for every caller);
// callers are served in turn (review 8, M1: one caller's 32 operations held every slot and the line ahead
// of everyone else's).
import { AdmissionControl, Overloaded } from '../gateway/src/admission';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** 'admitted' with the release function, or the refusal's reason. */
const outcome = (admit: Promise<() => void>) => admit.then(
  (release) => ({ admitted: true as const, release }),
  (error: unknown) => ({ admitted: false as const, reason: error instanceof Overloaded ? error.reason : String(error) }),
);

describe('admission control', () => {
  it('starts a waiting operation when a slot frees, although operations ahead of it timed out', async () => {
    const control = new AdmissionControl({ maxConcurrent: 1, maxQueued: 10, maxQueueWaitMs: 200 });
    const first = await control.admit();
    // Two wait behind the first and time out.
    const timedOut = await Promise.all([outcome(control.admit()), outcome(control.admit())]);
    expect(timedOut.map((o) => (o.admitted ? 'admitted' : o.reason))).toEqual(['QUEUE_TIMEOUT', 'QUEUE_TIMEOUT']);
    // A third waits behind their stale entries; the first ends well within the third's wait.
    const third = outcome(control.admit());
    await sleep(50);
    first();
    const result = await third;
    expect(result.admitted ? 'admitted' : result.reason).toBe('admitted');
    if (result.admitted) result.release();
    expect(control.state()).toEqual({ executing: 0, queued: 0 });
  });

  it('serves a load it served before, after a burst that timed out', async () => {
    const control = new AdmissionControl({ maxConcurrent: 2, maxQueued: 100, maxQueueWaitMs: 100 });
    /** n operations at once, each holding its slot `holdMs`: how many were admitted. */
    const round = async (n: number, holdMs: number) => (await Promise.all(Array.from({ length: n }, async () => {
      const o = await outcome(control.admit());
      if (!o.admitted) return 0;
      await sleep(holdMs);
      o.release();
      return 1;
    }))).reduce((a: number, b: number) => a + b, 0);
    expect(await round(4, 20)).toBe(4);
    // A burst: 30 operations of 40 ms on 2 slots with 100 ms of waiting; most time out.
    expect(await round(30, 40)).toBeLessThan(30);
    for (let i = 0; i < 3; i++) expect(await round(4, 20)).toBe(4);
    expect(control.state()).toEqual({ executing: 0, queued: 0 });
  });

  it('refuses at once with QUEUE_FULL when the queue holds its most', async () => {
    const control = new AdmissionControl({ maxConcurrent: 1, maxQueued: 1, maxQueueWaitMs: 1000 });
    const first = await control.admit();
    const waiting = outcome(control.admit());
    const refused = await outcome(control.admit());
    expect(refused.admitted ? 'admitted' : refused.reason).toBe('QUEUE_FULL');
    first();
    const second = await waiting;
    expect(second.admitted).toBe(true);
    if (second.admitted) second.release();
  });

  it('serves callers in turn: a freed slot goes to another caller waiting, not to the next of a caller with many waiting', async () => {
    const control = new AdmissionControl({ maxConcurrent: 2, maxQueued: 100, maxQueueWaitMs: 5000, maxPerCaller: 32 });
    const started: string[] = [];
    const admit = (caller: string, n: number) => control.admit(caller).then((release) => { started.push(`${caller}${n}`); return release; });
    // A caller alone gets every slot; its other operations wait in its line.
    const a = Array.from({ length: 8 }, (_, n) => admit('a', n));
    await sleep(10);
    expect(started).toEqual(['a0', 'a1']);
    const b = [admit('b', 0), admit('b', 1)];
    const c = admit('c', 0);
    expect(control.state()).toEqual({ executing: 2, queued: 9 });
    // Each freed slot goes to the next caller in turn (a waited longest, then b, then c): b waits behind one of
    // a's six waiting operations, not all of them.
    for (const next of [a[0], a[1], b[0], c, a[2], b[1]]) { (await next)(); await sleep(1); }
    expect(started).toEqual(['a0', 'a1', 'a2', 'b0', 'c0', 'a3', 'b1', 'a4']);
    for (const p of a.slice(3)) (await p)();
    expect(control.state()).toEqual({ executing: 0, queued: 0 });
  });

  it('a turn ended twice frees one slot only', async () => {
    const control = new AdmissionControl({ maxConcurrent: 1, maxQueued: 10, maxQueueWaitMs: 1000 });
    const first = await control.admit('a');
    const second = outcome(control.admit('b'));
    const third = outcome(control.admit('c'));
    first();
    first();
    await sleep(10);
    expect(control.state()).toEqual({ executing: 1, queued: 1 });
    for (const o of [await second, await third]) if (o.admitted) o.release();
  });
});
