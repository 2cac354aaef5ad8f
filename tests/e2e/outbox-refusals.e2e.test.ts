// The joint register's outboxes (final reports to the employment register, notices of home municipalities to
// the three authorities' registers) when a register refuses one payload for good (a 400: the same payload will
// be refused again), found by an outsider in session 24: an over-long final report was refused at every round,
// and because the round stopped at the first failure, every report behind it waited for good. A refused payload
// now stays pending (and is logged with the status), and the ones behind it are delivered.
//
// The registers here are a stand-in: a real HTTP server on a free port that answers as the registers' internal
// routes do, 400 to what it refuses and 200 to the rest, and keeps what it stored. The joint register is real.
import { randomUUID } from 'node:crypto';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { refusedForGood } from '../../shared/src/auth/joint-service-calls';
import { INTERNAL_HOME_MUNICIPALITIES_PATH } from '../../shared/src/graphql/home-municipalities';
import { demoPopulation } from '../../shared/src/demo/population';
import { INTERNAL_FINAL_REPORTS_PATH } from '../../subgraphs/joint/src/final-report';
import { startSystem, System } from '../support/system';

const stored = { reports: [] as string[], notices: [] as string[], noticedAt: [] as string[] };
let server: Server;
let system: System;
const before = { EMPLOYMENT_URL: process.env.EMPLOYMENT_URL, WELLBEING_URL: process.env.WELLBEING_URL, KELA_URL: process.env.KELA_URL };

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (chunk: string) => { body += chunk; }).on('end', () => {
      const payload = JSON.parse(body) as { id?: string; endReason?: string; notices?: { customerId: string; municipality: string; noticedAt: string }[] };
      if (req.url === INTERNAL_FINAL_REPORTS_PATH) {
        if ((payload.endReason ?? '').length > 200) { res.writeHead(400).end('{"error":"Invalid endReason: must be at most 200 characters"}'); return; }
        stored.reports.push(payload.id!);
      } else if (req.url === INTERNAL_HOME_MUNICIPALITIES_PATH) {
        if (payload.notices!.some((n) => n.municipality === 'Atlantis')) { res.writeHead(400).end('{"error":"notices[0].municipality: no such municipality"}'); return; }
        stored.notices.push(...payload.notices!.map((n) => `${n.customerId} ${n.municipality}`));
        stored.noticedAt.push(...payload.notices!.map((n) => `${n.customerId} ${n.noticedAt}`));
      }
      res.writeHead(200).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  Object.assign(process.env, { EMPLOYMENT_URL: url, WELLBEING_URL: url, KELA_URL: url });
  system = await startSystem({ subgraphs: ['joint'], gateway: false, env: { REGISTER_NOTICE_RETRY_MS: '300' } });
}, 300_000);
afterAll(async () => {
  await system?.stop();
  await new Promise((resolve) => server?.close(resolve));
  for (const [key, value] of Object.entries(before)) if (value === undefined) delete process.env[key]; else process.env[key] = value;
});

async function until<T>(what: () => T | Promise<T>, ok: (value: T) => boolean, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await what();
    if (ok(value) || Date.now() > end) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

interface Row { id: string; deliveredAt: Date | null; attempts: number }
const joint = () => system.subgraphs.joint.db;

it('a final report the employment register refuses holds back none behind it, and stays pending', async () => {
  const [first, second] = demoPopulation().slice(0, 2);
  const report = (customerId: string, endReason: string) => ({
    customerId, reportedOn: '2026-11-30', customershipStartedOn: '2025-01-01', customershipEndedOn: '2026-11-30', endReason,
    endSituation: 'EMPLOYED', goalAttainment: 80, summary: 'Work trial led to employment', recommendations: 'None',
    servicesCompleted: [], servicesInterrupted: [], reportedBy: 'employment-employment-expert-1',
  });
  const refused = randomUUID();
  const behind = randomUUID();
  // Oldest first: the refused one (stored before the limit was checked on the masked text) heads the queue.
  await joint().finalReportNotice.create({ data: {
    id: refused, customerId: first.id, customershipStartedOn: new Date('2024-01-01T00:00:00Z'), report: report(first.id, 'x'.repeat(204)),
    createdAt: new Date(Date.now() - 60_000), storedByAuthority: 'EMPLOYMENT', storedBy: 'employment-employment-expert-1',
  } });
  await joint().finalReportNotice.create({ data: {
    id: behind, customerId: second.id, customershipStartedOn: new Date('2024-01-01T00:00:00Z'), report: report(second.id, 'Employed'),
    storedByAuthority: 'EMPLOYMENT', storedBy: 'employment-employment-expert-1',
  } });

  expect(await until(() => stored.reports, (r) => r.includes(behind))).toContain(behind);
  const rows = await until(
    (): Promise<Row[]> => joint().finalReportNotice.findMany({ where: { id: { in: [refused, behind] } }, select: { id: true, deliveredAt: true, attempts: true } }),
    (r) => r.find((n) => n.id === refused)!.attempts >= 2,
  );
  expect(rows.find((n) => n.id === behind)!.deliveredAt).not.toBeNull();
  // Still pending, tried at every round: refused is not delivered.
  expect(rows.find((n) => n.id === refused)).toMatchObject({ deliveredAt: null, attempts: expect.any(Number) });
  expect(rows.find((n) => n.id === refused)!.attempts).toBeGreaterThanOrEqual(2);
  expect(stored.reports).not.toContain(refused);
});

it('a notice a register refuses holds back no other notice to that register', async () => {
  const [, , third, fourth] = demoPopulation().slice(0, 4);
  const refused = randomUUID();
  const behind = randomUUID();
  await joint().homeMunicipalityNotice.create({ data: { id: refused, customerId: third.id, register: 'EMPLOYMENT', municipality: 'Atlantis', createdAt: new Date(Date.now() - 60_000) } });
  const queued = await joint().homeMunicipalityNotice.create({ data: { id: behind, customerId: fourth.id, register: 'EMPLOYMENT', municipality: 'Kerava' } });

  expect(await until(() => stored.notices, (n) => n.includes(`${fourth.id} Kerava`))).toContain(`${fourth.id} Kerava`);
  // Each notice says when the joint register made it, so that the register keeps the later of two changes.
  expect(stored.noticedAt).toContain(`${fourth.id} ${queued.createdAt.toISOString()}`);
  // The register stores the notice before it answers, and the joint register marks it delivered once the answer is
  // in: waited for (the PostgreSQL run of session 30 read it in between, on a loaded machine).
  const rows = await until(
    (): Promise<Row[]> => joint().homeMunicipalityNotice.findMany({ where: { id: { in: [refused, behind] } }, select: { id: true, deliveredAt: true, attempts: true } }),
    (r) => r.find((n) => n.id === behind)?.deliveredAt != null,
  );
  expect(rows.find((n) => n.id === behind)!.deliveredAt).not.toBeNull();
  expect(rows.find((n) => n.id === refused)!.deliveredAt).toBeNull();
});

it('tells a refusal for good from a register away, busy or not trusting the token yet', () => {
  for (const status of [400, 404, 409, 413, 422]) expect({ status, forGood: refusedForGood(status) }).toEqual({ status, forGood: true });
  for (const status of [200, 401, 403, 408, 429, 500, 502, 503]) expect({ status, forGood: refusedForGood(status) }).toEqual({ status, forGood: false });
});
