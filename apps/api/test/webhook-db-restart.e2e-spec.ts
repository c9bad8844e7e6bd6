import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startApi, waitForHealth, type ApiProcess } from './support/api-process';
import { FakeAcuity, fakeAppointment } from './support/fake-acuity';
import { rememberSecret } from './support/log-capture';
import { acuitySignature } from './support/webhooks';

const OWNER = { email: 'webhook-restart@example.com', password: 'webhook restart passphrase 4 tests' };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// The 200 is answered after the delivery and its job committed together, so a database that crashes right
// after it (SIGKILL of the embedded PostgreSQL's postmaster: no clean shutdown, recovery from the WAL) and
// comes back loses neither; a process with workers then processes the delivery exactly once.
describe('a webhook acknowledged just before the database crashes', () => {
  const acuity = new FakeAcuity();
  const userId = '2718282';
  const apiKey = randomBytes(16).toString('hex');
  const appointment = fakeAppointment(91_001, { email: 'restart.91001@example.com' });
  let dataDir: string;
  let current: ApiProcess | undefined;

  beforeAll(async () => {
    rememberSecret(apiKey);
    await acuity.start();
    acuity.addAccount(userId, apiKey);
    acuity.addAppointment(appointment);
    dataDir = await mkdtemp(join(tmpdir(), 'hotleads-webhook-restart-'));
    await chmod(dataDir, 0o755);
  });

  afterAll(async () => {
    if (current && current.child.exitCode === null) {
      current.child.kill('SIGTERM');
      await current.exited;
    }
    await acuity.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  // The embedded database in dataDir, as `npm start` runs it; WORKERS=off receives only.
  async function start(workers: 'on' | 'off'): Promise<{ base: string; auth: Record<string, string> }> {
    const port = await freePort();
    current = startApi({
      PORT: String(port),
      DATA_DIR: dataDir,
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      LOG_FORMAT: 'json',
      ADMIN_EMAIL: OWNER.email,
      ADMIN_PASSWORD: OWNER.password,
      ACUITY_BASE_URL: acuity.baseUrl,
      WORKERS: workers,
    });
    await waitForHealth(port, current);
    const base = `http://127.0.0.1:${port}`;
    const login = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(OWNER) });
    expect(login.status).toBe(200);
    const { accessToken } = (await login.json()) as { accessToken: string };
    return { base, auth: { authorization: `Bearer ${accessToken}` } };
  }

  async function stop(): Promise<void> {
    current!.child.kill('SIGTERM');
    expect(await current!.exited).toBe(0);
  }

  it('keeps the delivery and its job through the crash and processes it once afterwards', async () => {
    const receiver = await start('off');
    const created = await fetch(`${receiver.base}/api/v1/integrations/connections`, {
      method: 'POST',
      headers: { ...receiver.auth, 'content-type': 'application/json' },
      body: JSON.stringify({ provider: 'acuity', name: 'Survives a crash', credentials: { userId, apiKey } }),
    });
    expect(created.status).toBe(201);
    const connectionId = ((await created.json()) as { id: string }).id;
    const body = `action=scheduled&id=${appointment.id}&calendarID=27238&appointmentTypeID=1`;
    const acked = await fetch(`${receiver.base}/api/v1/webhooks/${connectionId}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-acuity-signature': acuitySignature(apiKey, body) },
      body,
    });
    expect(acked.status).toBe(200);
    const { deliveryId } = (await acked.json()) as { deliveryId: string };
    const delivery = (api: { base: string; auth: Record<string, string> }) =>
      fetch(`${api.base}/api/v1/integrations/connections/${connectionId}/deliveries/${deliveryId}`, { headers: api.auth });

    // The crash, right after the 200 and before any worker could have seen the job.
    const postmaster = Number(readFileSync(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);
    process.kill(postmaster, 'SIGKILL');
    let down = await delivery(receiver);
    for (const deadline = Date.now() + 20_000; down.status === 200 && Date.now() < deadline; down = await delivery(receiver)) await sleep(50);
    expect(down.status).toBe(503);
    // The API restarts its embedded database; the delivery is there, still waiting.
    let back = await delivery(receiver);
    for (const deadline = Date.now() + 90_000; back.status !== 200 && Date.now() < deadline; back = await delivery(receiver)) await sleep(100);
    expect(back.status).toBe(200);
    await expect(back.json()).resolves.toMatchObject({ id: deliveryId, state: 'received', attempts: 0 });
    expect(acuity.requests.filter((r) => r.path.startsWith('/api/v1/appointments/'))).toHaveLength(0);
    await stop();

    // A process with workers finds the job that was committed with the delivery.
    const worker = await start('on');
    let detail: { state: string; attempts: number; leadId: string | null } = { state: 'received', attempts: 0, leadId: null };
    for (const deadline = Date.now() + 30_000; detail.state !== 'processed' && Date.now() < deadline; ) {
      await sleep(100);
      const res = await delivery(worker);
      expect(res.status).toBe(200);
      detail = (await res.json()) as typeof detail;
    }
    expect(detail).toMatchObject({ state: 'processed', attempts: 1, leadId: expect.any(String) });
    const leads = await fetch(`${worker.base}/api/v1/leads?source=acuity&limit=50`, { headers: worker.auth });
    expect(leads.status).toBe(200);
    const page = (await leads.json()) as { data: Array<{ id: string; sourceRef: string | null }> };
    expect(page.data.filter((l) => l.sourceRef === String(appointment.id)).map((l) => l.id)).toEqual([detail.leadId]);
    expect(acuity.requests.filter((r) => r.path === `/api/v1/appointments/${appointment.id}`)).toHaveLength(1);
    await stop();
    // A first start (initdb, migrations), a crash recovery and a second start, on a loaded machine.
  }, 300_000);
});
