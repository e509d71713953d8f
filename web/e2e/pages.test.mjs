// Scenario 3: every page renders in light and dark; screenshots go to test-results/.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ADMIN_EMAIL, ADMIN_PASSWORD, WEB_DIR, launchBrowser, loginAPI, newContext, screenshot, startServer, unique } from './harness.mjs';
import { demoCallsPath } from './elevenlabs.mjs';

const OPENAPI = path.resolve(WEB_DIR, '../openapi/openapi.json');
const HAS_CHATS = existsSync(OPENAPI) && readFileSync(OPENAPI, 'utf8').includes('"/api/v1/chats');

const THEMES = ['light', 'dark'];
let server;
let browser;
/** theme → { anon, admin } pages */
const pages = {};
const contexts = [];

/** Creates a little data through the API so the pages have something to show. */
async function seed(ctx, me) {
  const headers = { 'x-csrf-token': me.csrf_token };
  const post = async (url, data) => {
    const res = await ctx.request.post(url, { data, headers });
    if (res.status() >= 300) console.warn(`seed ${url}: HTTP ${res.status()} ${await res.text()}`);
    return res;
  };
  const plans = await (await ctx.request.get('/api/v1/plans')).json();
  const plan = Array.isArray(plans) && plans[0] ? plans[0].code : 'starter';
  await post('/api/v1/tenants', { name: 'Globex Agency', kind: 'agency', plan_code: plan });
  await post('/api/v1/tenants', { name: 'Initech Calls', kind: 'customer', plan_code: plan });
  await post('/api/v1/invitations', { email: `${unique('support')}@e2e.test`, role: 'support' });
  await post('/api/v1/roles', { name: 'Auditor', permissions: ['audit:read', 'settings:read'] });
  await post('/api/v1/api-keys', { name: 'CRM integration', scopes: ['users:read', 'audit:read'] });
  await post('/api/v1/tenant/domains', { domain: 'voice.example.com' });

  // Agents (one published twice, one chat draft) and some credit history on the platform tenant.
  const agentRes = await post('/api/v1/agents', { name: 'Front desk', kind: 'call' });
  if (agentRes.status() === 201) {
    const agent = await agentRes.json();
    // A simulator number answered by the agent (bought by a background job).
    const available = await (await ctx.request.get('/api/v1/numbers/available?carrier=simulator&area_code=212&limit=1')).json();
    if (available.items?.[0]) {
      await post('/api/v1/numbers', {
        carrier: 'simulator',
        phone_number: available.items[0].phone_number,
        agent_id: agent.id,
        friendly_name: 'Main line',
      });
    } else console.warn(`seed: no simulator number: ${JSON.stringify(available)}`);
    await post(`/api/v1/agents/${agent.id}/publish`, { note: 'Initial version' });
    const config = { ...agent.config, first_message: 'Hi, you reached {{company}}. How can I help?' };
    await ctx.request.patch(`/api/v1/agents/${agent.id}`, { data: { config, status: 'active' }, headers });
    await post(`/api/v1/agents/${agent.id}/publish`, { note: 'Friendlier greeting' });
  }
  await post('/api/v1/agents', { name: 'Website chat', kind: 'chat' });
  for (const [amount, reason] of [
    [120, 'Pilot credits'],
    [-18, 'Test calls'],
    [-7, 'Test calls'],
  ]) {
    await post('/api/v1/admin/credit-adjustments', { tenant_id: me.tenant.id, amount, reason });
  }
}

/** The seeded call agent's editor, optionally on a tab. */
const agentPath = (tab) => async (page) => {
  const res = await page.request.get('/api/v1/agents?q=Front%20desk');
  const body = await res.json();
  assert.ok(body.items?.length, 'the seeded agent exists');
  return `/agents/${body.items[0].id}${tab ? `?tab=${tab}` : ''}`;
};

/** A finished built-in call (a short simulated call to the seeded number), made once. */
let builtinCall = null;
async function builtinCallId(page) {
  if (builtinCall) return builtinCall;
  const me = await (await page.request.get('/api/v1/me')).json();
  const headers = { 'x-csrf-token': me.csrf_token };
  const deadline = Date.now() + 90_000;
  let number;
  for (;;) {
    const list = await (await page.request.get('/api/v1/numbers')).json();
    number = list.items?.find((n) => n.carrier === 'simulator' && n.status === 'active');
    if (number) break;
    assert.ok(Date.now() < deadline, 'the seeded simulator number becomes active');
    await new Promise((r) => setTimeout(r, 250));
  }
  const res = await page.request.post('/api/v1/simulator/calls', {
    data: {
      number_id: number.id,
      script: [
        { type: 'say', text: 'Hi there' },
        { type: 'say', text: 'What are your opening hours' },
        { type: 'barge_in', text: 'Sorry what about prices' },
        { type: 'dtmf', digits: '1#' },
        { type: 'say', text: 'Thanks goodbye' },
      ],
    },
    headers,
  });
  assert.equal(res.status(), 201, await res.text());
  const call = await res.json();
  assert.equal(call.status, 'in_progress', JSON.stringify(call));
  for (;;) {
    const c = await (await page.request.get(`/api/v1/calls/${call.id}`)).json();
    if (c.status !== 'in_progress') {
      assert.equal(c.status, 'completed', JSON.stringify(c));
      break;
    }
    assert.ok(Date.now() < deadline, 'the simulated call ends');
    await new Promise((r) => setTimeout(r, 500));
  }
  builtinCall = call.id;
  return builtinCall;
}

before(async () => {
  server = await startServer('pages');
  browser = await launchBrowser();
  for (const theme of THEMES) {
    const anonCtx = await newContext(browser, server.baseUrl, { theme });
    const adminCtx = await newContext(browser, server.baseUrl, { theme });
    contexts.push(anonCtx, adminCtx);
    const me = await loginAPI(adminCtx, ADMIN_EMAIL, ADMIN_PASSWORD);
    if (theme === 'light') await seed(adminCtx, me);
    pages[theme] = { anon: await anonCtx.newPage(), admin: await adminCtx.newPage() };
  }
});

after(async () => {
  for (const ctx of contexts) await ctx.close();
  await browser?.close();
  await server?.stop();
});

/** Opens `path` in both themes, waits for `ready`, checks the theme class and screenshots. */
async function renders(kind, name, path, ready) {
  for (const theme of THEMES) {
    const page = pages[theme][kind];
    await page.goto(typeof path === 'function' ? await path(page) : path);
    await page.locator(ready).first().waitFor();
    await page.waitForLoadState('networkidle');
    const dark = await page.evaluate(() => document.documentElement.classList.contains('dark'));
    assert.equal(dark, theme === 'dark', `${name}: theme class`);
    await screenshot(page, `page-${name}-${theme}`);
  }
}

describe('public pages', () => {
  test('login', () => renders('anon', 'login', '/login', '[data-testid=login-page]'));
  test('register', () => renders('anon', 'register', '/register', '[data-testid=register-page]'));
  test('forgot password', () => renders('anon', 'forgot-password', '/forgot-password', '[data-testid=forgot-password-page]'));
  test('reset password', () => renders('anon', 'reset-password', '/reset-password?token=demo', '[data-testid=reset-password-page] form'));
  test('verify email (bad token shows the server message)', () =>
    renders('anon', 'verify-email', '/verify-email?token=not-a-real-token', '[data-testid=form-error], [data-testid=verify-success]'));
  test('accept invitation (bad token shows the server message)', () =>
    renders('anon', 'accept-invitation', '/accept-invitation?token=not-a-real-token', '[data-testid=form-error], [data-testid=invitation-summary]'));
  test('setup', () => renders('anon', 'setup', '/setup?token=demo', '[data-testid=setup-page]'));
});

describe('app pages (platform admin)', () => {
  test('dashboard', () => renders('admin', 'dashboard', '/', '[data-testid=quota-seats]'));
  test('agents', () => renders('admin', 'agents', '/agents', '[data-testid=agents-table]'));
  test('agent: configuration', () => renders('admin', 'agent-config', agentPath(), '[data-testid=agent-config-form]'));
  test('agent: versions', () => renders('admin', 'agent-versions', agentPath('versions'), '[data-testid=versions-table]'));
  test('agent: test console', { skip: HAS_CHATS ? false : '/api/v1/chats is not in openapi.json yet' }, () =>
    renders('admin', 'agent-test-console', agentPath('test'), '[data-testid=chat-message]'));
  test('calls', () => renders('admin', 'calls', demoCallsPath(server.baseUrl, 'list'), '[data-testid=calls-chart] .recharts-bar-rectangle'));
  test('calls: live wall', () => renders('admin', 'calls-live', demoCallsPath(server.baseUrl, 'live'), '[data-testid=live-call-card]'));
  test('call detail', () => renders('admin', 'call-detail', demoCallsPath(server.baseUrl, 'detail'), '[data-testid=transcript-bubble]'));
  test('call detail: built-in call (timings, two-channel recording)', () =>
    renders('admin', 'call-detail-builtin', async (page) => `/calls/${await builtinCallId(page)}`, '[data-testid=timings-chart] .recharts-bar-rectangle'));
  test('numbers', () => renders('admin', 'numbers', '/numbers', '[data-testid=number-row][data-status=active]'));
  test('simulator (with the finished call)', () =>
    renders('admin', 'simulator', async (page) => `/simulator?call=${await builtinCallId(page)}`, '[data-testid=sim-ended]'));
  test('calls: call a number dialog', async () => {
    for (const theme of THEMES) {
      const page = pages[theme].admin;
      await page.goto('/calls');
      await page.getByTestId('place-call-button').click();
      const dialog = page.getByTestId('place-call-dialog');
      await dialog.getByTestId('place-to').waitFor();
      await dialog.getByTestId('place-callee').waitFor();
      await screenshot(page, `page-calls-place-call-${theme}`);
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
    }
  });
  test('numbers: buy dialog', async () => {
    for (const theme of THEMES) {
      const page = pages[theme].admin;
      await page.goto('/numbers');
      await page.getByTestId('buy-number-button').click();
      const dialog = page.getByTestId('buy-number-dialog');
      await dialog.getByTestId('search-area-code').fill('415');
      await dialog.getByTestId('search-submit').click();
      await dialog.getByTestId('available-number').nth(2).click();
      await dialog.getByTestId('buy-details').waitFor();
      await screenshot(page, `page-numbers-buy-${theme}`);
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
    }
  });
  test('billing', () => renders('admin', 'billing', '/billing', '[data-testid=balance-chart]'));
  test('team: members', () => renders('admin', 'team-members', '/team', '[data-testid=members-table]'));
  test('team: invitations', () => renders('admin', 'team-invitations', '/team?tab=invitations', '[data-testid=invitations-tab]'));
  test('team: roles', () => renders('admin', 'team-roles', '/team?tab=roles', '[data-testid=builtin-role]'));
  test('api keys', () => renders('admin', 'api-keys', '/api-keys', '[data-testid=api-keys-page] table, [data-testid=empty-state]'));
  test('settings: general', () => renders('admin', 'settings-general', '/settings', '[data-testid=tenant-name-input]'));
  test('settings: branding', () => renders('admin', 'settings-branding', '/settings?tab=branding', '[data-testid=branding-preview]'));
  test('settings: domains', () => renders('admin', 'settings-domains', '/settings?tab=domains', '[data-testid=domains-table], [data-testid=empty-state]'));
  test('settings: integrations', () =>
    renders('admin', 'settings-integrations', '/settings?tab=integrations', '[data-testid=caller-defaults-form]'));
  test('settings: security', () => renders('admin', 'settings-security', '/settings?tab=security', '[data-testid=change-password-form]'));
  test('admin: tenants', () => renders('admin', 'admin-tenants', '/admin/tenants', '[data-testid=tenants-table]'));
  test('admin: plans', () => renders('admin', 'admin-plans', '/admin/plans', '[data-testid=plans-table]'));
  test('admin: outbox', () => renders('admin', 'admin-outbox', '/admin/outbox', '[data-testid=outbox-table], [data-testid=empty-state]'));
  test('admin: outbox email', () =>
    renders(
      'admin',
      'admin-outbox-email',
      async (page) => {
        const res = await page.request.get('/api/v1/admin/outbox?limit=1');
        const body = await res.json();
        assert.ok(body.items?.length, 'the outbox has an email (the seeded invitation)');
        return `/admin/outbox/${body.items[0].id}`;
      },
      '[data-testid=email-body-text]',
    ));
  test('audit log', () => renders('admin', 'audit', '/audit', '[data-testid=audit-table], [data-testid=empty-state]'));
  test('not found', () => renders('admin', 'not-found', '/no-such-page', '[data-testid=not-found]'));

  test('no page error and no 5xx anywhere', () => {
    for (const ctx of contexts) assert.deepEqual(ctx.problems, []);
  });
});
