// Group commit (issue 11): concurrent requests' statements of one kind run as one statement. The joint
// register answers every third-party read twice (the consent look-up, then the disclosure records before
// the answer leaves), from each of the three own registers; under load these calls arrive together, and on
// the embedded database (one connection) each statement queues behind the others. Grouped, the calls that
// arrive while a statement runs share the next one: one look-up for many, one INSERT for many.
//
// What does not change: every caller still waits for its own answer, from a statement that started after
// its call arrived (so nothing read is older than the call: a consent withdrawn before the call is not seen
// as given); every caller's items stay its own (the runner answers each caller apart, in order); and when
// the statement fails, its callers run again one by one, so a failure reaches only the caller it belongs to
// (fail closed), and none is answered with another's result.

/** One call waiting for its group. */
interface Waiting<Q, A> {
  query: Q;
  size: number;
  resolve: (answer: A) => void;
  reject: (error: unknown) => void;
}

export interface GroupOptions<Q> {
  /** Most items (see `sizeOf`) one group may carry; a single call larger than this still runs, alone. */
  maxItems?: number;
  /** How many items a call carries (default 1), e.g. the records of one filing. */
  sizeOf?: (query: Q) => number;
}

/**
 * Runs calls in groups: `run` receives the queries of every call that arrived since the last group began
 * (at most `maxItems` items, in arrival order) and resolves to one answer per query, in the same order.
 * A call arriving while no group runs waits only for the end of the current event-loop turn (setImmediate),
 * so that calls that arrived together are grouped; one arriving while a group runs waits for it to end.
 * When `run` throws (or answers a wrong number of answers) for a group of several calls, each call runs
 * again alone and gets its own outcome: one call's bad input fails only that call (fail closed for it).
 * Returns the function that makes one call: resolves to that call's own answer.
 */
export function groupCalls<Q, A>(run: (queries: Q[]) => Promise<A[]>, options: GroupOptions<Q> = {}): (query: Q) => Promise<A> {
  const maxItems = options.maxItems ?? 1000;
  const sizeOf = options.sizeOf ?? (() => 1);
  const queue: Waiting<Q, A>[] = [];
  let busy = false;

  const nextGroup = (): Waiting<Q, A>[] => {
    let items = queue[0].size;
    let count = 1;
    while (count < queue.length && items + queue[count].size <= maxItems) items += queue[count++].size;
    return queue.splice(0, count);
  };

  const runChecked = async (group: Waiting<Q, A>[]): Promise<A[]> => {
    const answers = await run(group.map((w) => w.query));
    if (answers.length !== group.length) throw new Error(`a group of ${group.length} calls got ${answers.length} answers`);
    return answers;
  };

  const drain = async () => {
    while (queue.length > 0) {
      const group = nextGroup();
      try {
        const answers = await runChecked(group);
        group.forEach((w, i) => w.resolve(answers[i]));
      } catch (error) {
        if (group.length === 1) group[0].reject(error);
        // One caller's bad input (a value the database refuses) must not fail the others: each call of the
        // failed group runs again alone, so only the call that caused the failure gets it. The group's
        // `run` must be all or nothing (one statement, or one transaction), so nothing is doubled.
        else for (const w of group) {
          try { w.resolve((await runChecked([w]))[0]); } catch (alone) { w.reject(alone); }
        }
      }
    }
    busy = false;
  };

  return (query) => new Promise<A>((resolve, reject) => {
    queue.push({ query, size: sizeOf(query), resolve, reject });
    if (busy) return;
    busy = true;
    setImmediate(() => void drain());
  });
}
