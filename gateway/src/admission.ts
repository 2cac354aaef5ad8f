// Overload control at the gateway: bounded concurrency with a bounded queue in front of execution, so that
// under more demand than the machine has CPU the customer graph degrades by WAITING, not by failing.
//
// Why here and only here: every subgraph request, every consent look-up and every disclosure record is work
// of an operation the gateway executes. Without a bound, 64 clients' operations all run at once, each gets a
// 64th of the CPU, and every inner call (the gateway's per-register timeout, SUBGRAPH_TIMEOUT_MS 5 s; a
// register's consent look-up and disclosure filing with the joint register, JOINT_TIMEOUT_MS 3 s) takes 64
// times its own cost: they time out and fail closed, although the caller would gladly have waited
// (BENCHMARKS.md, "Load: a mix of actors, reads and writes", issue 11). With at most
// GATEWAY_MAX_CONCURRENT_OPERATIONS operations executing, an admitted operation shares the CPU with a few
// others only, and the rest wait in the gateway's queue, before any of their work has started.
//
// Timeouts stay as they were, measured from when an operation leaves the queue: they bound the work of a
// register that hangs (which still fails closed), and time spent queued is not time a register spent on the
// request. The queue wait has its own bound (GATEWAY_MAX_QUEUE_WAIT_MS), so that queue wait plus execution
// stays within a caller's own deadline.
//
// Callers are served fairly: each caller's operations wait in a line of their own, first come first served,
// and a freed slot goes to the callers with waiting operations in turn (round robin). One line for everyone,
// first come first served, let one official with 32 caseload reads in flight hold all 8 slots and the 24
// places ahead of everyone else: another official's read of one field waited 3-5 s (review 8, M1). Now it
// waits for the next slot that frees, whoever's it was. A caller alone still gets every slot (nothing is
// held back for callers that are not there). Kinds of operation are not told apart: a separate, smaller
// bound for heavy operations (caseload pages) was tried and measured (BENCHMARKS.md, "Overload control at
// the gateway"): under sustained overload it starved the caseloads, because in a closed loop of clients a
// class held to a few slots cannot keep up with its share of the demand.
//
// A caller refused is told so by name: HTTP 503 with `Retry-After`, code OVERLOADED, `reason` QUEUE_FULL
// (the queue holds GATEWAY_MAX_QUEUED_OPERATIONS already) or QUEUE_TIMEOUT (it waited the longest allowed);
// HTTP 429 CALLER_AT_LIMIT when the caller has GATEWAY_MAX_OPERATIONS_PER_CALLER executing and waiting.
// A refused operation has not started: nothing of a refused write is written, and the caller may repeat it
// (with the same idempotency key, as after any failure).
//
// The queue is our own (~50 lines): no maintained CommonJS library queues per key with round robin
// (cockatiel's BulkheadPolicy, used before, is one FIFO line, and its cancelled entries stalled the line:
// review 7, H1; p-queue and p-limit are ESM-only and FIFO; bottleneck is unmaintained since 2019).
// Apollo Server has no concurrency control of its own.
import type { ApolloServerPlugin, BaseContext, GraphQLResponse } from '@apollo/server';
import { HeaderMap } from '@apollo/server';
import { callerKey } from '@cg/shared/src/auth/actor';
import { wholeNumberSetting } from '@cg/shared/src/settings';

export interface AdmissionOptions {
  /** Operations executing at once (0: no admission control at all). */
  maxConcurrent: number;
  /** Operations waiting at most; one more is refused at once with QUEUE_FULL. */
  maxQueued: number;
  /** Milliseconds an operation may wait for its turn before it is refused with QUEUE_TIMEOUT. */
  maxQueueWaitMs: number;
  /** Operations one caller may have executing and waiting at once; one more is refused with CALLER_AT_LIMIT (0 or absent: no bound). */
  maxPerCaller?: number;
}

/** The settings each option is read from (README, "Configuration"); named in every refusal. */
export const ADMISSION_SETTINGS = {
  maxConcurrent: 'GATEWAY_MAX_CONCURRENT_OPERATIONS',
  maxQueued: 'GATEWAY_MAX_QUEUED_OPERATIONS',
  maxQueueWaitMs: 'GATEWAY_MAX_QUEUE_WAIT_MS',
  maxPerCaller: 'GATEWAY_MAX_OPERATIONS_PER_CALLER',
} as const;

/**
 * The admission settings from the environment. Defaults, for two cores running the gateway and four
 * registers (BENCHMARKS.md, "Overload control at the gateway"): 8 operations at once. Measured at 64
 * clients, the throughput was the same with 4 and with 16 (26-28 operations a second: the two cores are
 * busy either way), while an admitted operation's time inside the registers grew with the bound (p99 0.5 s
 * at 4, 1.5 s at 16; the employer's read 0.6 and 2.4 s, against the registers' 3 s timeout): 8 keeps that
 * time well inside the timeouts also when the machine is shared, and leaves room for operations that wait
 * on a slow register (each holds its place for up to SUBGRAPH_TIMEOUT_MS). Where every register has a
 * machine of its own, raise it. 512 waiting (eight times
 * the 64 clients the load test drives); 20 s of waiting at most: at 64 clients on a loaded machine the
 * wait reached 10 s (Little's law: 64 clients over 10 operations a second), and 20 s of waiting plus
 * execution (each register bounded by SUBGRAPH_TIMEOUT_MS) stays within the 60 s of
 * common reverse proxies' read timeouts. Throws when a setting is not a whole number in its range.
 */
export function admissionOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): AdmissionOptions {
  // Blank is unset (the default), not 0: a blank GATEWAY_MAX_OPERATIONS_PER_CALLER meant "no bound".
  const read = (key: keyof AdmissionOptions, fallback: number, min: number) => wholeNumberSetting(env, ADMISSION_SETTINGS[key], fallback, { min });
  return {
    maxConcurrent: read('maxConcurrent', 8, 0),
    maxQueued: read('maxQueued', 512, 0),
    maxQueueWaitMs: read('maxQueueWaitMs', 20_000, 1),
    maxPerCaller: read('maxPerCaller', 32, 0),
  };
}

/** Why an operation was refused admission. */
export type RefusalReason = 'QUEUE_FULL' | 'QUEUE_TIMEOUT' | 'CALLER_AT_LIMIT';

/** An operation refused admission; nothing of it has run. */
export class Overloaded extends Error {
  constructor(readonly reason: RefusalReason, readonly retryAfterSeconds: number, readonly setting: string) {
    super(reason === 'QUEUE_FULL'
      ? 'The customer graph is at capacity and its queue is full; nothing of this operation was done. Try again after the time in Retry-After.'
      : reason === 'CALLER_AT_LIMIT'
        ? 'This caller already has as many operations running and waiting as one caller may; nothing of this operation was done. Try again after the time in Retry-After.'
        : 'The customer graph is at capacity and this operation waited its longest for its turn; nothing of it was done. Try again after the time in Retry-After.');
    this.name = 'Overloaded';
  }
}

/** What the admission control holds now: operations executing and waiting, for health endpoints and tests. */
export interface AdmissionState { executing: number; queued: number }

/** A waiting operation: starts it, or refuses it when it waited too long. */
interface Waiting { start: () => void; timer: NodeJS.Timeout }

/**
 * Bounded concurrency with a bounded queue, served fairly across callers (see the top of this file).
 * `admit(caller)` resolves, once the operation may execute, with the function that ends its turn (call it
 * exactly once, when its answer is ready); or rejects with `Overloaded` when the caller is at its bound,
 * the queue is full or the wait reached `maxQueueWaitMs`.
 */
export class AdmissionControl {
  private executing = 0;
  private queued = 0;
  /** Each caller's waiting operations in arrival order; the Map's order is the round robin's (next first). */
  private readonly waiting = new Map<string, Waiting[]>();
  /** Mean execution time of recent operations (ms, exponentially weighted), for Retry-After. */
  private meanMs = 200;
  /** Operations executing and waiting, per caller (only callers with at least one). */
  private readonly perCaller = new Map<string, number>();

  constructor(readonly options: AdmissionOptions) {}

  get enabled() { return this.options.maxConcurrent > 0; }

  state(): AdmissionState {
    return { executing: this.executing, queued: this.queued };
  }

  /** Seconds until the queue ahead has likely drained: queued × mean execution time / concurrency, 1-60. */
  private retryAfterSeconds(): number {
    const seconds = ((this.queued + 1) * this.meanMs) / Math.max(this.options.maxConcurrent, 1) / 1000;
    return Math.min(60, Math.max(1, Math.ceil(seconds)));
  }

  /**
   * `caller` (the verified token's organisation and subject; '' for none) is held to `maxPerCaller`
   * operations executing and waiting, so that one caller cannot fill the queue (review 7, M2), and waits
   * in a line of its own, so that it cannot hold the line for the others (review 8, M1).
   */
  admit(caller = ''): Promise<() => void> {
    if (!this.enabled) return Promise.resolve(() => undefined);
    const bound = this.options.maxPerCaller ?? 0;
    if (bound > 0) {
      const held = this.perCaller.get(caller) ?? 0;
      if (held >= bound) return Promise.reject(new Overloaded('CALLER_AT_LIMIT', this.retryAfterSeconds(), ADMISSION_SETTINGS.maxPerCaller));
      this.perCaller.set(caller, held + 1);
      const done = () => {
        const left = (this.perCaller.get(caller) ?? 1) - 1;
        if (left > 0) this.perCaller.set(caller, left); else this.perCaller.delete(caller);
      };
      return this.turn(caller).then(
        (release) => () => { done(); release(); },
        (error: unknown) => { done(); throw error; },
      );
    }
    return this.turn(caller);
  }

  /** A turn: at once when a slot is free, else after waiting in the caller's line (see admit). */
  private turn(caller: string): Promise<() => void> {
    if (this.executing < this.options.maxConcurrent) {
      this.executing++;
      return Promise.resolve(this.releaser());
    }
    if (this.queued >= this.options.maxQueued) {
      return Promise.reject(new Overloaded('QUEUE_FULL', this.retryAfterSeconds(), ADMISSION_SETTINGS.maxQueued));
    }
    return new Promise((resolve, reject) => {
      const entry: Waiting = {
        start: () => resolve(this.releaser()),
        timer: setTimeout(() => {
          // Out of its line at once: the slots it never held stay free for the others.
          const line = this.waiting.get(caller)!;
          line.splice(line.indexOf(entry), 1);
          if (line.length === 0) this.waiting.delete(caller);
          this.queued--;
          reject(new Overloaded('QUEUE_TIMEOUT', this.retryAfterSeconds(), ADMISSION_SETTINGS.maxQueueWaitMs));
        }, this.options.maxQueueWaitMs),
      };
      const line = this.waiting.get(caller);
      if (line) line.push(entry); else this.waiting.set(caller, [entry]);
      this.queued++;
    });
  }

  /** The function that ends an executing operation's turn (once) and hands its slot to the next caller in turn. */
  private releaser(): () => void {
    const started = performance.now();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.meanMs = 0.9 * this.meanMs + 0.1 * (performance.now() - started);
      this.executing--;
      this.startNext();
    };
  }

  /** Starts waiting operations while slots are free: the first of the next caller's line, that caller then last in turn. */
  private startNext() {
    while (this.executing < this.options.maxConcurrent && this.queued > 0) {
      const [caller, line] = this.waiting.entries().next().value as [string, Waiting[]];
      const entry = line.shift()!;
      this.waiting.delete(caller);
      if (line.length > 0) this.waiting.set(caller, line);
      this.queued--;
      this.executing++;
      clearTimeout(entry.timer);
      entry.start();
    }
  }
}

/**
 * The answer to a refused operation: 503 (429 when the caller itself is at its bound), `Retry-After`, code
 * OVERLOADED with its reason and setting.
 */
export function overloadedResponse(error: Overloaded): GraphQLResponse {
  return {
    http: { status: error.reason === 'CALLER_AT_LIMIT' ? 429 : 503, headers: new HeaderMap([['retry-after', String(error.retryAfterSeconds)]]) },
    body: {
      kind: 'single',
      singleResult: {
        errors: [{
          message: error.message,
          extensions: { code: 'OVERLOADED', reason: error.reason, setting: error.setting, retryAfterSeconds: error.retryAfterSeconds },
        }],
      },
    },
  };
}

/**
 * The Apollo Server plugin that admits each operation once it is parsed, validated and within its limits
 * (`responseForOperation`: after every plugin's `didResolveOperation`, right before execution), and ends
 * its turn when its answer is ready (`willSendResponse`, which Apollo Server calls on every path once the
 * operation is resolved). An operation refused at an earlier step (a bad token, a limit) never queues.
 */
export function admissionPlugin<Context extends BaseContext & { actor?: { id: string; organisationId: string } }>(control: AdmissionControl): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      let release: (() => void) | undefined;
      return {
        async responseForOperation(requestContext) {
          const queuedAt = performance.now();
          try {
            const actor = requestContext.contextValue.actor;
            release = await control.admit(actor && callerKey(actor));
            // How long the operation waited for its turn, for callers and load tests (W3C Server-Timing).
            requestContext.response.http.headers.set('server-timing', `queue;dur=${Math.round(performance.now() - queuedAt)}`);
            return null;
          } catch (error) {
            if (error instanceof Overloaded) return overloadedResponse(error);
            throw error;
          }
        },
        async willSendResponse() {
          release?.();
          release = undefined;
        },
      };
    },
  };
}
