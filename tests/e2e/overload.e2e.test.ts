// Overload control at the gateway (gateway/src/admission.ts), end to end over real HTTP with the real
// registers: more operations than the gateway executes at once wait their turn and succeed; a full queue and a wait past its bound are refused by name (503 OVERLOADED,
// Retry-After) before anything of the operation ran, so a refused write is not written at all and its retry
// with the same idempotency key writes it once; a register that hangs still fails closed, its timeout counted
// from when the operation left the queue.
//
// Between the gateway and the joint register sits a small HTTP relay of this test: it counts the requests
// the joint register has in progress at once (what admission control bounds) and can hold each one a while
// (a slow register), so that the queue is observed from outside, not from the code under test.
import { randomUUID } from 'node:crypto';
import { createServer, IncomingMessage, request as httpRequest, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { authConfigFromEnv, createTokenVerifier } from '../../shared/src/auth/tokens';
import { createLogger } from '../../shared/src/log';
import { AdmissionOptions } from '../../gateway/src/admission';
import { createGateway } from '../../gateway/src/server';
import { startSystem, System, tokenFor } from '../support/system';

let system: System;
beforeAll(async () => { system = await startSystem(); });
afterAll(() => system?.stop());

/** The relay in front of the joint register: requests in progress at once, and a hold per request. */
interface Relay { url: string; inFlight: number; maxInFlight: number; holdMs: number; bodies: string[]; close(): Promise<void> }

async function relayTo(target: string): Promise<Relay> {
  const targetUrl = new URL(target);
  let server: Server;
  const relay: Relay = {
    url: '', inFlight: 0, maxInFlight: 0, holdMs: 0, bodies: [],
    close: () => new Promise((resolve) => { for (const t of holds) clearTimeout(t); server.closeAllConnections(); server.close(() => resolve()); }),
  };
  const holds = new Set<NodeJS.Timeout>();
  server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks);
      const text = body.toString('utf8');
      relay.bodies.push(text);
      relay.inFlight++;
      relay.maxInFlight = Math.max(relay.maxInFlight, relay.inFlight);
      const done = () => { relay.inFlight--; };
      if (relay.holdMs) await new Promise<void>((r) => { const t = setTimeout(() => { holds.delete(t); r(); }, relay.holdMs); holds.add(t); });
      const out = httpRequest({ host: targetUrl.hostname, port: targetUrl.port, path: req.url, method: req.method, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
        answer.on('end', done);
      });
      out.on('error', () => { done(); res.destroy(); });
      out.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  relay.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  return relay;
}

/** A gateway over the test's registers, the joint register behind a relay, with these admission settings. */
async function gatewayWith(admission: AdmissionOptions, subgraphTimeoutMs = 5000) {
  const relay = await relayTo(system.subgraphs.joint.listening.url);
  const urls = Object.fromEntries(Object.entries(system.subgraphs).map(([name, r]) => [name, r.listening.url]));
  const gateway = await createGateway({
    verifyToken: await createTokenVerifier(authConfigFromEnv()), log: createLogger({ service: 'gateway-overload' }),
    urls: { ...urls, joint: relay.url }, subgraphTimeoutMs, admission,
  });
  const listening = await gateway.listen(0);
  return {
    url: listening.url, relay, admission: gateway.admission,
    stop: async () => { await listening.close(); await gateway.server.stop(); await relay.close(); },
  };
}

interface Answer { status: number; retryAfter: string | null; serverTiming: string | null; data?: Record<string, any> | null; errors?: { message: string; extensions?: Record<string, any> }[] }
async function post(url: string, preset: string, query: string, variables: Record<string, unknown> = {}): Promise<Answer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await tokenFor(preset)}` },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, retryAfter: response.headers.get('retry-after'), serverTiming: response.headers.get('server-timing'), ...(await response.json()) as object };
}

const LAST_NAME = 'query($id: ID!) { customer(id: $id) { id lastName } }';
const RECORD_MEETING = 'mutation($input: RecordMeetingInput!) { recordMeeting(input: $input) { id agreed } }';
const openCustomer = async () => (await system.subgraphs.joint.db.customer.findFirst({ where: { customershipEndedOn: null }, orderBy: { id: 'desc' } })).id as string;
const meetingInput = (customerId: string, agreed: string, idempotencyKey = randomUUID()) => ({
  idempotencyKey, customerId, heldAt: new Date().toISOString(), mode: 'PHONE', firstMeeting: false, agreed,
  participants: [{ name: 'Aino Laine', authority: 'EMPLOYMENT', role: 'EMPLOYMENT_EXPERT', remote: true }],
});
const meetingsAgreeing = (customerId: string, agreed: string) => system.subgraphs.joint.db.meeting.count({ where: { customerId, agreed } });
const settings = (overrides: Partial<AdmissionOptions>): AdmissionOptions => ({ maxConcurrent: 2, maxQueued: 100, maxQueueWaitMs: 30_000, ...overrides });

it('queues more operations than it executes at once, and answers every one of them', async () => {
  const gateway = await gatewayWith(settings({ maxConcurrent: 2 }));
  try {
    gateway.relay.holdMs = 100;
    const id = await openCustomer();
    const answers = await Promise.all(Array.from({ length: 12 }, () => post(gateway.url, 'employment-expert', LAST_NAME, { id })));
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.errors).toBeUndefined();
      expect(answer.data!.customer.id).toBe(id);
    }
    // Each says how long it waited for its turn (W3C Server-Timing); the last ones waited for the first.
    const waits = answers.map((a) => Number(/^queue;dur=(\d+)$/.exec(a.serverTiming ?? '')?.[1]));
    for (const wait of waits) expect(Number.isInteger(wait)).toBe(true);
    expect(Math.max(...waits)).toBeGreaterThanOrEqual(200);
    // Without admission control all twelve reach the joint register at once.
    expect(gateway.relay.maxInFlight).toBeLessThanOrEqual(2);
    expect(gateway.relay.bodies.length).toBeGreaterThanOrEqual(12);
    expect(gateway.admission.state()).toEqual({ executing: 0, queued: 0 });
  } finally {
    await gateway.stop();
  }
});

it('refuses by name when the queue is full (503, Retry-After), before anything of the write ran; its retry writes it once', async () => {
  const gateway = await gatewayWith(settings({ maxConcurrent: 1, maxQueued: 1 }));
  try {
    const customerId = await openCustomer();
    gateway.relay.holdMs = 1500;
    const running = post(gateway.url, 'employment-expert', LAST_NAME, { id: customerId });
    await until(() => gateway.admission.state().executing === 1);
    const queued = post(gateway.url, 'employment-expert', LAST_NAME, { id: customerId });
    await until(() => gateway.admission.state().queued === 1);

    const agreed = `Refused while the queue was full ${randomUUID()}`;
    const input = meetingInput(customerId, agreed);
    const refused = await post(gateway.url, 'employment-expert', RECORD_MEETING, { input });
    expect(refused.status).toBe(503);
    expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(refused.data).toBeUndefined();
    expect(refused.errors).toHaveLength(1);
    expect(refused.errors![0]).toMatchObject({
      message: expect.stringContaining('queue is full; nothing of this operation was done'),
      extensions: { code: 'OVERLOADED', reason: 'QUEUE_FULL', setting: 'GATEWAY_MAX_QUEUED_OPERATIONS', retryAfterSeconds: Number(refused.retryAfter) },
    });

    for (const answer of await Promise.all([running, queued])) expect(answer).toMatchObject({ status: 200, data: { customer: { id: customerId } } });
    // Not written, and never sent to the register at all.
    expect(await meetingsAgreeing(customerId, agreed)).toBe(0);
    expect(gateway.relay.bodies.some((b) => b.includes(input.idempotencyKey))).toBe(false);

    gateway.relay.holdMs = 0;
    const retried = await post(gateway.url, 'employment-expert', RECORD_MEETING, { input });
    expect(retried.status).toBe(200);
    expect(retried.errors).toBeUndefined();
    expect(retried.data!.recordMeeting.agreed).toBe(agreed);
    expect(await meetingsAgreeing(customerId, agreed)).toBe(1);
  } finally {
    await gateway.stop();
  }
});

it('refuses by name an operation that waited its longest for its turn, and never runs it afterwards', async () => {
  const gateway = await gatewayWith(settings({ maxConcurrent: 1, maxQueueWaitMs: 300 }));
  try {
    const customerId = await openCustomer();
    gateway.relay.holdMs = 1500;
    const running = post(gateway.url, 'employment-expert', LAST_NAME, { id: customerId });
    await until(() => gateway.admission.state().executing === 1);

    const agreed = `Refused after waiting ${randomUUID()}`;
    const input = meetingInput(customerId, agreed);
    const started = Date.now();
    const refused = await post(gateway.url, 'employment-expert', RECORD_MEETING, { input });
    expect(Date.now() - started).toBeLessThan(1400);
    expect(refused.status).toBe(503);
    expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(refused.errors![0]).toMatchObject({ extensions: { code: 'OVERLOADED', reason: 'QUEUE_TIMEOUT', setting: 'GATEWAY_MAX_QUEUE_WAIT_MS' } });

    expect((await running).status).toBe(200);
    // The turn it would have had came and went: the write never ran.
    await new Promise((r) => setTimeout(r, 200));
    expect(gateway.admission.state()).toEqual({ executing: 0, queued: 0 });
    expect(await meetingsAgreeing(customerId, agreed)).toBe(0);
    expect(gateway.relay.bodies.some((b) => b.includes(input.idempotencyKey))).toBe(false);
  } finally {
    await gateway.stop();
  }
});

it('times a register from when the operation left the queue, and a register that hangs still fails closed', async () => {
  const gateway = await gatewayWith(settings({ maxConcurrent: 1 }), 2000);
  try {
    const id = await openCustomer();
    // Three operations of 1.2 s each at the register, one at a time: the last waits 2.4 s in the queue,
    // longer than the register's 2 s timeout, and is still answered whole. (0.8 s left for the register's own
    // work: with 0.4 s a busy machine failed it, session 25.)
    gateway.relay.holdMs = 1200;
    const started = Date.now();
    const answers = await Promise.all(Array.from({ length: 3 }, () => post(gateway.url, 'employment-expert', LAST_NAME, { id })));
    expect(Date.now() - started).toBeGreaterThanOrEqual(3500);
    for (const answer of answers) expect(answer).toMatchObject({ status: 200, data: { customer: { id } } });
    for (const answer of answers) expect(answer.errors).toBeUndefined();

    // A register that hangs past the timeout: the operation fails closed, naming the register.
    gateway.relay.holdMs = 4000;
    const hung = await post(gateway.url, 'employment-expert', LAST_NAME, { id });
    expect(hung.data?.customer ?? null).toBeNull();
    expect(hung.errors![0]).toMatchObject({ extensions: { code: 'REGISTER_UNAVAILABLE', register: 'joint' } });
  } finally {
    await gateway.stop();
  }
});

it('holds one caller to its bound (429 CALLER_AT_LIMIT) while another caller is served (review 7, M2)', async () => {
  const gateway = await gatewayWith(settings({ maxConcurrent: 1, maxPerCaller: 2 }));
  try {
    const id = await openCustomer();
    gateway.relay.holdMs = 300;
    // One caller floods: two of its operations are held (one executing, one waiting), the rest refused at once.
    const flood = Array.from({ length: 6 }, () => post(gateway.url, 'employment-expert', LAST_NAME, { id }));
    await until(() => gateway.admission.state().executing + gateway.admission.state().queued === 2);
    // Another caller still gets its turn, behind the first caller's two only.
    const other = await post(gateway.url, 'employment-supervisor', LAST_NAME, { id });
    expect(other.status).toBe(200);
    expect(other.errors).toBeUndefined();
    const answers = await Promise.all(flood);
    expect(answers.filter((a) => a.status === 200)).toHaveLength(2);
    const refused = answers.filter((a) => a.status !== 200);
    expect(refused).toHaveLength(4);
    for (const answer of refused) {
      expect(answer.status).toBe(429);
      expect(Number(answer.retryAfter)).toBeGreaterThanOrEqual(1);
      expect(answer.errors![0]).toMatchObject({ extensions: { code: 'OVERLOADED', reason: 'CALLER_AT_LIMIT', setting: 'GATEWAY_MAX_OPERATIONS_PER_CALLER' } });
    }
    // Its bound is free again once its operations are answered.
    const again = await post(gateway.url, 'employment-expert', LAST_NAME, { id });
    expect(again.status).toBe(200);
    expect(gateway.admission.state()).toEqual({ executing: 0, queued: 0 });
  } finally {
    await gateway.stop();
  }
});

it('reads its settings from the environment and refuses a setting that is not a whole number', async () => {
  const { admissionOptionsFromEnv } = await import('../../gateway/src/admission');
  expect(admissionOptionsFromEnv({})).toEqual({ maxConcurrent: 8, maxQueued: 512, maxQueueWaitMs: 20_000, maxPerCaller: 32 });
  expect(admissionOptionsFromEnv({ GATEWAY_MAX_OPERATIONS_PER_CALLER: '0' })).toMatchObject({ maxPerCaller: 0 });
  expect(admissionOptionsFromEnv({ GATEWAY_MAX_CONCURRENT_OPERATIONS: '0', GATEWAY_MAX_QUEUED_OPERATIONS: '3' })).toMatchObject({ maxConcurrent: 0, maxQueued: 3 });
  expect(() => admissionOptionsFromEnv({ GATEWAY_MAX_QUEUE_WAIT_MS: 'soon' })).toThrow(/GATEWAY_MAX_QUEUE_WAIT_MS must be a whole number/);
});

/** Waits until `condition` holds (polled every 10 ms, at most 5 s). */
async function until(condition: () => boolean) {
  const deadline = Date.now() + 5000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not reached within 5 s');
    await new Promise((r) => setTimeout(r, 10));
  }
}
