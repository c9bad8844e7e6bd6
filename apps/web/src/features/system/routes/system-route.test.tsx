import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { jsonResponse, problemResponse, requestedUrl } from '@/testing/http';
import { renderApp } from '@/testing/render-app';
import { testUser } from '@/testing/session';

const report = (overrides: object = {}) => ({
  status: 'warn',
  checkedAt: '2026-12-07T07:00:00.000Z',
  version: '0.1.0',
  commit: '0123456789abcdef',
  uptimeSeconds: 7260,
  checks: [
    { name: 'database', status: 'ok', reason: 'round trip 1.2 ms, 1 of 10 connections busy', details: { roundTripMs: 1.2 } },
    { name: 'queues', status: 'warn', reason: '12 jobs waiting; the oldest (imports.merge) for 4 min', details: {} },
    { name: 'restore-drill', status: 'fail', reason: 'no verified restore yet', details: {} },
  ],
  requests: { windowSeconds: 845, requests: 1800, requestsPerSecond: 2, errorRate: 0.005, p95Seconds: 0.25 },
  queues: [
    { queue: 'imports.merge', queued: 12, active: 1, failed: 0, oldestQueuedSeconds: 240 },
    { queue: 'mail.acknowledgment', queued: 0, active: 0, failed: 2, oldestQueuedSeconds: 0 },
  ],
  ...overrides,
});

const auditEntry = {
  id: 'a1',
  createdAt: '2026-12-07T06:59:00.000Z',
  actorType: 'user',
  actorId: null,
  actorLabel: 'owner@example.test',
  action: 'settings.update',
  resourceType: 'tenant',
  resourceId: null,
  outcome: 'success',
  ip: null,
  userAgent: null,
  requestId: null,
  changes: null,
  metadata: null,
};

// Answers the report (the next of `reports` each time) and the latest audit entries; records the paths asked.
function systemApi(...reports: Array<object | Response>) {
  const asked: string[] = [];
  let next = 0;
  vi.stubGlobal('fetch', async (input: RequestInfo | URL) => {
    const url = new URL(requestedUrl(input));
    asked.push(`${url.pathname}${url.search}`);
    if (url.pathname === '/api/v1/system/health') {
      const answer = reports[Math.min(next++, reports.length - 1)]!;
      return answer instanceof Response ? answer : jsonResponse(answer);
    }
    if (url.pathname === '/api/v1/audit-logs') return jsonResponse({ data: [auditEntry], nextCursor: null });
    throw new Error(`unexpected ${url.pathname}`);
  });
  return asked;
}

describe('System page', { timeout: 20_000 }, () => {
  it('shows every check with its status and reason, the request figures, the queues and the latest audit entries', async () => {
    const asked = systemApi(report());
    renderApp('/system');

    const queues = await screen.findByRole('region', { name: 'Queues' });
    expect(queues).toHaveTextContent('Warning');
    expect(queues).toHaveTextContent('12 jobs waiting; the oldest (imports.merge) for 4 min');
    expect(screen.getByRole('region', { name: 'Database' })).toHaveTextContent('OK');
    expect(screen.getByRole('region', { name: 'Restore drill' })).toHaveTextContent('Failing');
    expect(screen.getByText(/2 of 3 checks need a look: Queues, Restore drill/)).toBeInTheDocument();
    expect(screen.getByText(/Version 0\.1\.0 \(0123456789ab\) · up 2 h 1 min/)).toBeInTheDocument();

    expect(screen.getByRole('heading', { name: 'Requests, last 15 minutes' })).toBeInTheDocument();
    expect(screen.getByText('120/min')).toBeInTheDocument();
    expect(screen.getByText('0.5%')).toBeInTheDocument();
    expect(screen.getByText('≤ 250 ms')).toBeInTheDocument();

    const rows = within(screen.getByRole('table', { name: 'Job queues' })).getAllByRole('row');
    expect(rows[1]).toHaveTextContent(/imports\.merge\s*121\s*04 min/);
    expect(rows[2]).toHaveTextContent(/mail\.acknowledgment\s*002–/);

    const audit = await screen.findByRole('table', { name: 'Latest audit entries' });
    expect(audit).toHaveTextContent('settings.update');
    expect(audit).toHaveTextContent('owner@example.test');
    expect(asked).toContain('/api/v1/audit-logs?limit=10');
  });

  it('reads the report again on its own and shows the change', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      systemApi(report(), report({ status: 'ok', checks: [{ name: 'queues', status: 'ok', reason: 'no job waiting', details: {} }] }));
      renderApp('/system');
      expect(await screen.findByRole('region', { name: 'Queues' })).toHaveTextContent('Warning');
      await vi.advanceTimersByTimeAsync(11_000);
      await waitFor(() => expect(screen.getByRole('region', { name: 'Queues' })).toHaveTextContent('no job waiting'));
      expect(screen.getByText('Every check passes')).toBeInTheDocument();
    } finally {
      vi.useRealTimers();
    }
  });

  it('leaves out the audit entries for someone who may not read the audit log', async () => {
    const asked = systemApi(report());
    renderApp('/system', { user: testUser(['system:read']) });
    await screen.findByRole('region', { name: 'Queues' });
    expect(screen.queryByRole('table', { name: 'Latest audit entries' })).not.toBeInTheDocument();
    expect(asked.some((path) => path.startsWith('/api/v1/audit-logs'))).toBe(false);
  });

  it('says when the report cannot be read', async () => {
    systemApi(problemResponse(503, { code: 'database_unavailable', title: 'Database unavailable', detail: 'The database does not answer.' }));
    renderApp('/system');
    expect(await screen.findByRole('alert')).toHaveTextContent('Could not load the system report');
  });

  it('is refused to someone without system:read, and its menu entry is hidden', async () => {
    systemApi(report());
    renderApp('/system', { user: testUser(['leads:read']) });
    expect(await screen.findByRole('heading', { name: "You don't have access to this page" })).toBeInTheDocument();
    expect(screen.getByText('system:read')).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'System' })).not.toBeInTheDocument();
  });
});
