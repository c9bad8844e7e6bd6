// Intake with scoring and routing rules (issue 14): single ingest (as ingest-single) on the run's API with
// every scoring rule of the workspace disabled and no assignment rule, then with the scoring rules enabled
// and two assignment rules (urgent leads to the owner, everyone else round-robin): the round-robin turn
// is a short transaction of its own before the one-round-trip intake (decision 0036). Each measurement
// waits for the background rescoring of the rule change to finish first, so it does not run under the load. Target: with >= 0.8x without.
import { call, expectOk, waitForRescoring } from '../lib/api.mjs';
import { CONNECTIONS, load } from '../lib/load.mjs';
import { checksPass, loadSummary } from '../lib/report.mjs';

let serial = 0;
const newLead = (tag) => {
  const n = ++serial;
  return {
    name: `Rules ${tag} ${n}`,
    email: `${tag}.${n}@rules.bench.example`,
    phone: `+4930${String(80_000_000 + n).padStart(8, '0')}`,
    company: n % 2 ? 'Bench Rules GmbH' : undefined,
    priority: n % 10 === 0 ? 'urgent' : 'medium',
    message: 'x'.repeat(n % 3 === 0 ? 240 : 20),
    tags: ['bench-rules'],
  };
};
const ingestRequests = (apiKey, tag) => [
  { method: 'POST', path: '/api/v1/leads', headers: { ...apiKey, 'content-type': 'application/json' }, setupRequest: (req) => ({ ...req, body: JSON.stringify(newLead(tag)) }) },
];


const setEnabled = (ctx, tenant, rules, enabled) =>
  Promise.all(rules.map((r) => expectOk(call(ctx.api.base, 'PATCH', `/api/v1/settings/scoring-rules/${r.id}`, { headers: tenant.bearer, body: { enabled } }), 'scoring rule change')));

export async function intakeWithRules(ctx) {
  const tenant = ctx.tenants[0];
  const base = { id: 'ingest-rules', scenario: `single ingest with scoring and routing rules, ${CONNECTIONS} clients`, target: '>= 0.8x of no rules' };
  const settings = await call(ctx.api.base, 'GET', '/api/v1/settings/scoring', { headers: tenant.bearer });
  if (settings.status === 404) return { ...base, available: false, pass: null, apiSummary: 'not available (the API answers 404)', baselineSummary: '-', ratio: '-' };
  const enabledRules = settings.body.rules.filter((r) => r.enabled);
  const assignment = await expectOk(call(ctx.api.base, 'GET', '/api/v1/settings/assignment', { headers: tenant.bearer }), 'assignment settings');
  if (assignment.rules.length > 0) throw new Error('ingest-rules: the workspace already has assignment rules');
  const created = [];
  try {
    // Off: no scoring rule, no assignment rule.
    await setEnabled(ctx, tenant, enabledRules, false);
    await waitForRescoring(ctx.api.base, tenant.bearer);
    await ctx.settle();
    const off = await load({ url: ctx.api.base, requests: ingestRequests(tenant.apiKey, 'rules0') });

    // On: the scoring rules again, and routing.
    await setEnabled(ctx, tenant, enabledRules, true);
    created.push(
      await expectOk(
        call(ctx.api.base, 'POST', '/api/v1/settings/assignment-rules', {
          headers: tenant.bearer,
          body: { name: 'Bench urgent', condition: { field: 'priority', op: 'in', value: ['urgent'] }, action: 'user', userId: tenant.userId },
        }),
        'assignment rule',
      ),
      await expectOk(
        call(ctx.api.base, 'POST', '/api/v1/settings/assignment-rules', {
          headers: tenant.bearer,
          body: { name: 'Bench round-robin', condition: { field: 'score', op: 'gte', value: 0 }, action: 'round_robin', groupUserIds: [tenant.userId] },
        }),
        'assignment rule',
      ),
    );
    await waitForRescoring(ctx.api.base, tenant.bearer);
    await ctx.settle();
    const on = await load({ url: ctx.api.base, requests: ingestRequests(tenant.apiKey, 'rules1') });

    const ratio = off.reqPerSec ? on.reqPerSec / off.reqPerSec : 0;
    const checks = [{ what: '>= 0.8x of no rules', ok: ratio >= 0.8 }];
    return {
      ...base,
      available: true,
      api: on,
      baseline: off,
      apiSummary: `${enabledRules.length} scoring rules + 2 assignment rules: ${loadSummary(on, 'leads/s')}`,
      baselineSummary: `no rules: ${loadSummary(off, 'leads/s')}`,
      ratio: `${ratio.toFixed(2)}x (leads/s with rules / without)`,
      checks,
      pass: checksPass(checks),
      note: '`POST /api/v1/leads` with an API key, each a new lead, on the same API process twice: with every scoring rule disabled and no assignment rule (the one-round-trip intake), then with the default scoring rules and two assignment rules (a user rule for urgent leads, a round-robin catch-all: the one-round-trip intake after a short round-robin turn of its own, decision 0036). The rescoring each rule change queues finishes before each measurement.',
    };
  } finally {
    await Promise.all(created.map((r) => call(ctx.api.base, 'DELETE', `/api/v1/settings/assignment-rules/${r.id}`, { headers: tenant.bearer })));
    // The workspace's own rules as they were, and their rescoring finished: at a million leads it runs for
    // half a minute, and the scenarios after this one must not share the database with it.
    await setEnabled(ctx, tenant, enabledRules, true).catch(() => undefined);
    await waitForRescoring(ctx.api.base, tenant.bearer).catch(() => undefined);
  }
}
