// Settings > Integrations: a registered customer connects ElevenLabs (the key is shown masked only),
// sees the webhook URLs, sets caller defaults and tests a number; an agent on the ElevenLabs runtime
// is published to a fake ElevenLabs API started here, "Sync now" pulls its conversation history
// from that API and the imported call shows on the Calls page; replacing the key re-syncs.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import {
  ADMIN_EMAIL,
  ADMIN_PASSWORD,
  launchBrowser,
  loginAPI,
  loginUI,
  newContext,
  registerCustomerUI,
  screenshot,
  startServer,
  unique,
} from './harness.mjs';

const EL_AGENT = 'el_agent_e2e';
const CONVERSATION = 'conv_e2e_sync_1';
const KEY = 'sk_e2e_first_key_1a2b';
const NEW_KEY = 'sk_e2e_second_key_9z9z';

/**
 * A tiny stand-in for the ElevenLabs REST API: agents are created/updated, one finished
 * conversation is listed and served. Every request is recorded as { method, path, query, key }.
 */
function fakeElevenLabs() {
  const requests = [];
  const started = Math.floor(Date.now() / 1000) - 600;
  const conversation = {
    agent_id: EL_AGENT,
    conversation_id: CONVERSATION,
    status: 'done',
    transcript: [
      { role: 'agent', message: 'Hi', time_in_call_secs: 0 },
      { role: 'user', message: 'Hello', time_in_call_secs: 2 },
    ],
    metadata: {
      start_time_unix_secs: started,
      call_duration_secs: 65,
      phone_call: { direction: 'inbound', external_number: '+14155550100', agent_number: '+14155550199' },
    },
    analysis: { transcript_summary: 'A caller said hello; imported by the sync.', call_successful: 'success' },
    has_audio: false,
  };
  const send = (res, status, body) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://fake');
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      requests.push({
        method: req.method,
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        key: req.headers['xi-api-key'],
        body,
      });
      const agent = url.pathname.match(/^\/v1\/convai\/agents\/([^/]+)$/);
      const conv = url.pathname.match(/^\/v1\/convai\/conversations\/([^/]+)$/);
      if (req.method === 'POST' && url.pathname === '/v1/convai/agents/create') return send(res, 200, { agent_id: EL_AGENT });
      if (req.method === 'PATCH' && agent) return send(res, 200, { agent_id: agent[1] });
      if (req.method === 'DELETE' && agent) return send(res, 200, {});
      if (req.method === 'GET' && url.pathname === '/v1/convai/conversations') {
        const mine = url.searchParams.get('agent_id') === EL_AGENT;
        const after = Number(url.searchParams.get('call_start_after_unix') ?? 0);
        const items =
          mine && started > after
            ? [{ agent_id: EL_AGENT, conversation_id: CONVERSATION, status: 'done', start_time_unix_secs: started, call_duration_secs: 65 }]
            : [];
        return send(res, 200, { conversations: items, has_more: false, next_cursor: null });
      }
      if (req.method === 'GET' && conv && conv[1] === CONVERSATION) return send(res, 200, conversation);
      return send(res, 404, { detail: { status: 'not_found', message: `no fake for ${req.method} ${url.pathname}` } });
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${server.address().port}`,
        requests,
        close: () => new Promise((r) => server.close(r)),
      }),
    ),
  );
}

let fake;
let server;
let browser;
let adminCtx;
let customerCtx;
let customer;
const owner = { company: unique('Integrations Co'), name: 'Ivy Integrator', email: `${unique('ivy')}@e2e.test`, password: 'ivy-password-123' };

/** The customer's CSRF header for API calls from the page's context. */
async function csrf(page) {
  const me = await (await page.request.get('/api/v1/me')).json();
  return { 'x-csrf-token': me.csrf_token };
}

async function openIntegrations(page) {
  await page.goto('/settings?tab=integrations');
  await page.getByTestId('elevenlabs-card').waitFor();
  await page.getByTestId('caller-defaults-form').waitFor();
}

before(async () => {
  fake = await fakeElevenLabs();
  server = await startServer('integrations', { env: { SWITCHBOARD__ELEVENLABS__BASE_URL: fake.url } });
  browser = await launchBrowser();
  adminCtx = await newContext(browser, server.baseUrl);
  const admin = await adminCtx.newPage();
  await loginUI(admin, ADMIN_EMAIL, ADMIN_PASSWORD);

  // A self-service customer: its owner is a customer admin (settings and contacts).
  customerCtx = await newContext(browser, server.baseUrl);
  customer = await customerCtx.newPage();
  await registerCustomerUI(customer, admin, owner);
});

after(async () => {
  await customerCtx?.close();
  await adminCtx?.close();
  await browser?.close();
  await server?.stop();
  await fake?.close();
});

describe('settings: integrations', () => {
  test('the Integrations tab shows ElevenLabs as not connected, with the webhook URLs', async () => {
    await customer.getByTestId('nav-settings').click();
    await customer.getByTestId('settings-page').waitFor();
    await customer.getByTestId('tab-integrations').click();
    await customer.waitForURL((u) => u.searchParams.get('tab') === 'integrations');
    await customer.getByTestId('elevenlabs-card').waitFor();

    assert.equal(await customer.getByTestId('elevenlabs-status').getAttribute('data-state'), 'none');
    assert.equal(await customer.getByTestId('elevenlabs-badge').innerText(), 'Not connected');
    assert.equal(await customer.getByTestId('post-call-webhook-url').innerText(), `${server.baseUrl}/webhooks/elevenlabs`);
    assert.equal(await customer.getByTestId('initiation-webhook-url').innerText(), `${server.baseUrl}/webhooks/elevenlabs/initiation`);
    // The harness configures the webhook secret.
    assert.equal(await customer.getByTestId('webhooks-disabled').count(), 0);
    await customer.getByTestId('sync-history').getByText('No syncs yet').waitFor();
  });

  test('Sync now without any key shows the server’s message', async () => {
    await customer.getByTestId('sync-now').click();
    const error = customer.getByTestId('sync-section').getByTestId('form-error');
    await error.waitFor();
    assert.match(await error.innerText(), /key/i);
  });

  test('a bad key is refused before sending; a good one is saved and shown masked only', async () => {
    const input = customer.getByTestId('elevenlabs-key-input');
    assert.equal(await input.getAttribute('type'), 'password');
    await input.fill('has a space');
    await customer.getByTestId('elevenlabs-key-save').click();
    assert.equal(await customer.getByTestId('error-elevenlabs-key').innerText(), 'A key has no spaces');

    await input.fill(KEY);
    await customer.getByTestId('elevenlabs-key-save').click();
    await customer.locator('[data-testid=elevenlabs-status][data-state=own]').waitFor();
    const hint = await customer.getByTestId('elevenlabs-key-hint').innerText();
    assert.match(hint, /1a2b$/);
    assert.ok(!hint.includes(KEY.slice(0, 10)), `the key is masked: ${hint}`);
    assert.equal(await input.inputValue(), '', 'the input is cleared');
    assert.equal(await customer.getByTestId('elevenlabs-badge').innerText(), 'Connected');
    assert.equal(await customer.getByTestId('sync-section').getByTestId('form-error').count(), 0, 'the "no key" error is gone');
    // No agents on ElevenLabs yet: nothing to re-sync.
    assert.equal(await customer.getByTestId('resync-note').count(), 0);

    await customer.reload();
    await customer.locator('[data-testid=elevenlabs-status][data-state=own]').waitFor();
    assert.equal(await customer.getByTestId('elevenlabs-key-hint').innerText(), hint);
    assert.equal(await customer.getByTestId('elevenlabs-key-input').inputValue(), '');
    assert.ok(!(await customer.content()).includes(KEY), 'the key is never sent back');
  });

  test('caller defaults: a variable is saved and still there after a reload', async () => {
    await customer.getByTestId('caller-default-name').fill('Friend');
    await customer.getByTestId('caller-add-variable').click();
    await customer.getByTestId('caller-variable-key').fill('customer_tier');
    await customer.getByTestId('caller-variable-value').fill('standard');
    await customer.getByTestId('caller-defaults-save').click();
    await customer.getByTestId('caller-defaults-dirty').filter({ hasText: 'All changes saved' }).waitFor();

    await openIntegrations(customer);
    assert.equal(await customer.getByTestId('caller-default-name').inputValue(), 'Friend');
    assert.equal(await customer.getByTestId('caller-variable-row').count(), 1);
    assert.equal(await customer.getByTestId('caller-variable-key').inputValue(), 'customer_tier');
    assert.equal(await customer.getByTestId('caller-variable-value').inputValue(), 'standard');
  });

  test('caller defaults: an invalid variable name shows an error and is not saved', async () => {
    await customer.getByTestId('caller-add-variable').click();
    await customer.getByTestId('caller-variable-key').nth(1).fill('1st-choice');
    await customer.getByTestId('caller-variable-value').nth(1).fill('x');
    await customer.getByTestId('caller-defaults-save').click();
    const error = customer.getByTestId('caller-variable-key-error');
    await error.waitFor();
    assert.match(await error.innerText(), /Start with a letter or _/);

    // The server says the same, naming the variable.
    const res = await customer.request.put('/api/v1/contacts/defaults', {
      data: { name: 'Friend', variables: { customer_tier: 'standard', '1st-choice': 'x' } },
      headers: await csrf(customer),
    });
    assert.equal(res.status(), 400);
    const body = await res.json();
    assert.equal(body.error.code, 'validation_failed');
    assert.match(JSON.stringify(body.error.details.fields.variables), /1st-choice/);

    await openIntegrations(customer);
    assert.equal(await customer.getByTestId('caller-variable-row').count(), 1, 'nothing changed');
  });

  test('looking up a number shows it in E.164 with the variables a call would get', async () => {
    await customer.getByTestId('lookup-phone-input').fill('+1 415-555-2671');
    await customer.getByTestId('lookup-submit').click();
    await customer.getByTestId('lookup-result').waitFor();
    assert.equal(await customer.getByTestId('lookup-e164').innerText(), '+14155552671');
    assert.match(await customer.getByTestId('lookup-found').innerText(), /Unknown caller/);
    assert.equal(await customer.getByTestId('lookup-name').innerText(), 'Friend');
    assert.equal(await customer.locator('[data-testid=lookup-variable][data-key=customer_tier]').innerText(), 'standard');

    // A national number with its country.
    await customer.getByTestId('lookup-phone-input').fill('(415) 555-2671');
    await customer.getByTestId('lookup-region-input').fill('us');
    await customer.getByTestId('lookup-submit').click();
    await customer.getByTestId('lookup-e164').filter({ hasText: '+14155552671' }).waitFor();

    // Not a number: the server's message under the field.
    await customer.getByTestId('lookup-phone-input').fill('12');
    await customer.getByTestId('lookup-region-input').fill('');
    await customer.getByTestId('lookup-submit').click();
    await customer.getByTestId('error-lookup-phone').waitFor();
    assert.equal(await customer.getByTestId('lookup-result').count(), 0);
    await screenshot(customer, 'flow-40-integrations');
  });

  test('an agent on the ElevenLabs runtime is published to the account of the key', async () => {
    const headers = await csrf(customer);
    const created = await customer.request.post('/api/v1/agents', { data: { name: 'Sync desk', kind: 'call' }, headers });
    assert.equal(created.status(), 201, await created.text());
    const agent = await created.json();
    const patched = await customer.request.patch(`/api/v1/agents/${agent.id}`, {
      data: { config: { ...agent.config, runtime: 'elevenlabs' } },
      headers,
    });
    assert.equal(patched.status(), 200, await patched.text());
    const published = await customer.request.post(`/api/v1/agents/${agent.id}/publish`, { data: { note: 'On ElevenLabs' }, headers });
    assert.equal(published.status(), 201, await published.text());
    const version = await published.json();
    assert.deepEqual(
      { ok: version.elevenlabs_sync?.ok, id: version.elevenlabs_sync?.elevenlabs_agent_id },
      { ok: true, id: EL_AGENT },
      JSON.stringify(version.elevenlabs_sync),
    );
    const create = fake.requests.find((r) => r.method === 'POST' && r.path === '/v1/convai/agents/create');
    assert.ok(create, 'the agent was created on ElevenLabs');
    assert.equal(create.key, KEY, 'with the tenant’s key');
  });

  test('Sync now imports the conversation history: the run succeeds and the call is listed', async () => {
    await openIntegrations(customer);
    await customer.getByTestId('sync-now').click();
    const run = customer.getByTestId('sync-run').first();
    await run.waitFor();
    assert.equal(await run.getAttribute('data-trigger'), 'manual');
    await customer.locator('[data-testid=sync-run][data-status=succeeded]').first().waitFor({ timeout: 30_000 });
    const done = customer.locator('[data-testid=sync-run][data-status=succeeded]').first();
    const summary = await done.getByTestId('sync-run-summary').innerText();
    assert.match(summary, /1 conversation seen/);
    assert.match(summary, /1 call imported/);
    assert.equal(await done.getByTestId('sync-run-error').count(), 0);
    assert.match(await done.getByTestId('sync-run-times').innerText(), /finished/);
    assert.equal(await customer.getByTestId('sync-now').innerText(), 'Sync now');
    const overflow = await customer.evaluate(() => {
      const card = document.querySelector('[data-testid=elevenlabs-card]').getBoundingClientRect();
      return [...document.querySelectorAll('[data-testid=elevenlabs-card] button, [data-testid=elevenlabs-card] code')]
        .filter((el) => el.getBoundingClientRect().right > card.right + 0.5)
        .map((el) => el.textContent);
    });
    assert.deepEqual(overflow, [], 'nothing sticks out of the card');
    await screenshot(customer, 'flow-41-integrations-synced');

    const list = fake.requests.find((r) => r.path === '/v1/convai/conversations');
    assert.equal(list.query.agent_id, EL_AGENT);
    assert.equal(list.key, KEY);

    await customer.getByTestId('nav-calls').click();
    await customer.getByTestId('calls-page').waitFor();
    const row = customer.getByTestId('call-row').filter({ hasText: '+14155550100' });
    await row.waitFor();
    const text = await row.innerText();
    assert.match(text, /\+14155550199/);
    assert.match(text, /1:05/);
    assert.match(text, /Sync desk/);
  });

  test('replacing the key re-syncs: the agent is pushed to the new account', async () => {
    await openIntegrations(customer);
    await customer.getByTestId('elevenlabs-key-input').fill(NEW_KEY);
    await customer.getByTestId('elevenlabs-key-save').click();
    await customer.getByTestId('resync-note').filter({ hasText: 'Agents are pushed to the account of the new key and its history is pulled' }).waitFor();
    assert.match(await customer.getByTestId('elevenlabs-key-hint').innerText(), /9z9z$/);
    const run = customer.locator('[data-testid=sync-run][data-trigger=key_changed]').first();
    await run.waitFor();
    await customer.locator('[data-testid=sync-run][data-trigger=key_changed][data-status=succeeded]').waitFor({ timeout: 30_000 });
    const summary = await run.getByTestId('sync-run-summary').innerText();
    assert.match(summary, /1 agent pushed/);
    assert.match(summary, /0 calls imported/, 'nothing is imported twice');
    const pushed = fake.requests.find((r) => r.method === 'PATCH' && r.path === `/v1/convai/agents/${EL_AGENT}` && r.key === NEW_KEY);
    assert.ok(pushed, 'the agent was pushed with the new key');
  });

  test('the key can be removed after confirming', async () => {
    await customer.getByTestId('elevenlabs-key-remove').click();
    await customer.getByTestId('confirm-dialog').waitFor();
    await customer.getByTestId('confirm-button').click();
    await customer.locator('[data-testid=elevenlabs-status][data-state=none]').waitFor();
    assert.equal(await customer.getByTestId('elevenlabs-key-remove').count(), 0);
  });

  test('the page renders in dark mode', async () => {
    const darkCtx = await newContext(browser, server.baseUrl, { theme: 'dark' });
    try {
      await loginAPI(darkCtx, owner.email, owner.password);
      const page = await darkCtx.newPage();
      await openIntegrations(page);
      await page.locator('[data-testid=sync-run]').first().waitFor();
      await page.waitForLoadState('networkidle');
      assert.equal(await page.evaluate(() => document.documentElement.classList.contains('dark')), true);
      const bg = await page.evaluate(() => getComputedStyle(document.querySelector('[data-testid=elevenlabs-card]')).backgroundColor);
      assert.notEqual(bg, 'rgb(255, 255, 255)', `the card is dark: ${bg}`);
      await screenshot(page, 'flow-42-integrations-dark');
      assert.deepEqual(darkCtx.problems, []);
    } finally {
      await darkCtx.close();
    }
  });

  test('no page error, CSP violation or 5xx', () => {
    assert.deepEqual(customerCtx.problems, []);
    assert.deepEqual(adminCtx.problems, []);
  });
});
