// The call simulator and outbound calls on the built-in voice runtime: a registered customer
// publishes a call agent, gets a simulator number for it, runs the preset script from the Simulator
// page and watches the transcript grow live; the call detail shows the per-turn timings (with the
// barge-in), the key presses and the two-channel recording with the channel choice. The live wall
// shows a running call's last lines; an outbound call placed from the Calls page with a short callee
// script appears in the list as outbound and completes.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
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

const NUMBER = '+12125550142';
const CALLEE = '+14155552671';
const CALL_END_MS = 90_000;

let server;
let browser;
let adminCtx;
let customerCtx;
let customer;
let numberId;
let callId;
const owner = { company: unique('Sim Co'), name: 'Sam Simulator', email: `${unique('sam')}@e2e.test`, password: 'sam-password-123' };

async function csrf(page) {
  const me = await (await page.request.get('/api/v1/me')).json();
  return { 'x-csrf-token': me.csrf_token };
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Waits until GET /calls/{id} is no longer running; returns the call. */
async function callEnded(page, id) {
  const deadline = Date.now() + CALL_END_MS;
  for (;;) {
    const call = await (await page.request.get(`/api/v1/calls/${id}`)).json();
    if (!['queued', 'ringing', 'in_progress'].includes(call.status)) return call;
    if (Date.now() > deadline) throw new Error(`call ${id} still ${call.status}`);
    await sleep(500);
  }
}

before(async () => {
  server = await startServer('simulator');
  browser = await launchBrowser();
  adminCtx = await newContext(browser, server.baseUrl);
  const admin = await adminCtx.newPage();
  await loginUI(admin, ADMIN_EMAIL, ADMIN_PASSWORD);

  // A self-service customer: its owner is a customer admin (calls:write, numbers:write).
  customerCtx = await newContext(browser, server.baseUrl);
  customer = await customerCtx.newPage();
  await registerCustomerUI(customer, admin, owner);

  // A published call agent greeting with the company variable…
  const headers = await csrf(customer);
  const created = await customer.request.post('/api/v1/agents', { data: { name: 'Front desk', kind: 'call' }, headers });
  assert.equal(created.status(), 201, await created.text());
  const agent = await created.json();
  const config = { ...agent.config, variables: { ...(agent.config.variables ?? {}), company: 'Acme Dental' }, first_message: 'Hello, thanks for calling {{company}}.' };
  const patched = await customer.request.patch(`/api/v1/agents/${agent.id}`, { data: { config }, headers });
  assert.equal(patched.status(), 200, await patched.text());
  const published = await customer.request.post(`/api/v1/agents/${agent.id}/publish`, { data: { note: 'For the simulator' }, headers });
  assert.ok(published.status() < 300, await published.text());

  // …answering a simulator number, bought by a background job.
  const bought = await customer.request.post('/api/v1/numbers', {
    data: { carrier: 'simulator', phone_number: NUMBER, agent_id: agent.id, friendly_name: 'Test line' },
    headers,
  });
  assert.equal(bought.status(), 202, await bought.text());
  numberId = (await bought.json()).id;
  const deadline = Date.now() + 30_000;
  while ((await (await customer.request.get(`/api/v1/numbers/${numberId}`)).json()).status !== 'active') {
    assert.ok(Date.now() < deadline, 'the number becomes active');
    await sleep(250);
  }
});

after(async () => {
  await customerCtx?.close();
  await adminCtx?.close();
  await browser?.close();
  await server?.stop();
});

describe('simulator', () => {
  test('Simulator sits right after Numbers and offers the number', async () => {
    await customer.goto('/');
    await customer.getByTestId('dashboard-page').waitFor();
    await customer.getByTestId('nav-simulator').waitFor();
    const nav = await customer.getByTestId('sidebar-nav').locator('a').evaluateAll((as) => as.map((a) => a.dataset.testid));
    assert.equal(nav[nav.indexOf('nav-numbers') + 1], 'nav-simulator', nav.join(', '));
    await customer.getByTestId('nav-simulator').click();
    await customer.getByTestId('simulator-page').waitFor();
    await customer.getByTestId('sim-form').waitFor();
    assert.match(await customer.getByTestId('sim-number-select').innerText(), /\+1 \(212\) 555-0142/);
    await customer.locator('[data-testid=live-indicator][data-state=live]').waitFor();
  });

  test('the preset script runs: the transcript grows live until the call completes', async () => {
    await customer.evaluate(() => {
      window.__sameDocument = true;
    });
    await customer.getByTestId('script-preset-tour').click();
    const steps = customer.getByTestId('script-step');
    assert.deepEqual(await steps.evaluateAll((els) => els.map((e) => e.dataset.type)), ['say', 'say', 'barge_in', 'dtmf', 'say']);
    assert.equal(await steps.nth(1).getByTestId('step-text').inputValue(), 'What are your opening hours');
    await screenshot(customer, 'flow-60-simulator-script');
    await customer.getByTestId('sim-start').click();

    const live = customer.getByTestId('sim-live');
    await live.waitFor();
    callId = await live.getAttribute('data-call-id');
    assert.match(callId, /^[0-9a-f-]{36}$/);
    assert.equal(new URL(customer.url()).searchParams.get('call'), callId);

    const transcript = customer.getByTestId('sim-transcript');
    await transcript.locator('[data-testid=transcript-bubble][data-speaker=agent]').filter({ hasText: 'Acme Dental' }).first().waitFor({ timeout: 30_000 });
    await transcript
      .locator('[data-testid=transcript-bubble][data-speaker=caller]')
      .filter({ hasText: 'What are your opening hours' })
      .first()
      .waitFor({ timeout: 45_000 });
    await transcript.locator('[data-testid=transcript-bubble][data-speaker=agent]').filter({ hasText: 'Monday to Friday' }).first().waitFor({ timeout: 45_000 });
    // Seen while the call was still going (the barge-in, keys and goodbye follow).
    assert.equal(await live.getAttribute('data-status'), 'in_progress', 'the transcript grew during the call');
    await screenshot(customer, 'flow-61-simulator-live');

    await customer.locator('[data-testid=sim-live][data-status=completed]').waitFor({ timeout: CALL_END_MS });
    assert.equal(await customer.evaluate(() => window.__sameDocument), true, 'no reload');
    await customer.getByTestId('sim-ended').waitFor();
    assert.match(await customer.getByTestId('sim-ended').innerText(), /The call ended/);
    await customer.getByTestId('sim-timings').waitFor();
    assert.ok((await customer.getByTestId('sim-timings').getByTestId('timing-row').count()) >= 4);
    await screenshot(customer, 'flow-62-simulator-done');
  });

  test('the call detail shows the timings, the key presses and the recording with the channel choice', async () => {
    await customer.getByTestId('sim-call-detail-link').click();
    await customer.locator(`[data-testid=call-page][data-call-id="${callId}"]`).waitFor();
    assert.match(await customer.getByTestId('fact-runtime').innerText(), /Built-in via Simulator/);
    assert.equal(await customer.getByTestId('call-status').getAttribute('data-status'), 'completed');

    // Timings: a stacked bar per turn, the table with at least 4 turns, one of them interrupted.
    const timings = customer.getByTestId('call-timings');
    await timings.waitFor();
    await timings.locator('[data-testid=timings-chart] .recharts-bar-rectangle').first().waitFor();
    const rows = timings.getByTestId('timing-row');
    const count = await rows.count();
    assert.ok(count >= 4, `turns: ${count}`);
    assert.equal(Number(await timings.getByTestId('timings-chart').getAttribute('data-turns')), count);
    assert.ok((await timings.locator('[data-testid=timing-row][data-interrupted=true]').count()) >= 1, 'an interrupted turn');
    assert.ok((await timings.locator('[data-testid=timing-row][data-input=dtmf]').count()) >= 1, 'a key-press turn');
    await timings.getByTestId('timing-interrupted').first().waitFor();
    assert.equal(Number(await timings.getByTestId('timing-turns').innerText()), count);

    // The runtime's analysis.
    assert.ok(Number(await customer.getByTestId('voice-turns').innerText()) >= 4);
    assert.ok(Number(await customer.getByTestId('voice-barge-ins').innerText()) >= 1);
    assert.match(await customer.getByTestId('voice-stt').innerText(), /offline/i);

    // The transcript has the greeting, the key presses and the goodbye.
    const bubbles = customer.getByTestId('call-transcript').getByTestId('transcript-bubble');
    await bubbles.first().waitFor();
    assert.match(await bubbles.first().innerText(), /Hello, thanks for calling Acme Dental/);
    await customer.getByTestId('call-transcript').locator('[data-testid=transcript-bubble][data-speaker=caller]').filter({ hasText: '[pressed 12#]' }).waitFor();
    assert.match(await bubbles.last().innerText(), /Goodbye!/);

    // The two-channel recording loads; the channel choice switches sides.
    const audio = customer.getByTestId('call-audio');
    await audio.waitFor();
    const duration = await customer.waitForFunction(
      () => {
        const a = document.querySelector('[data-testid=call-audio]');
        return a && a.readyState >= 1 && Number.isFinite(a.duration) && a.duration > 0 ? a.duration : false;
      },
      null,
      { timeout: 15_000 },
    );
    assert.ok((await duration.jsonValue()) > 5);
    const choice = customer.getByTestId('channel-choice');
    assert.equal(await choice.getAttribute('data-mode'), 'both');
    await customer.getByTestId('channel-agent').click();
    assert.equal(await choice.getAttribute('data-mode'), 'agent');
    assert.equal(await customer.getByTestId('channel-agent').getAttribute('aria-checked'), 'true');
    await customer.getByTestId('channel-caller').click();
    assert.equal(await choice.getAttribute('data-mode'), 'caller');
    // Playing through the audio graph works (muted: nothing to hear in a test).
    await customer.evaluate(async () => {
      const a = document.querySelector('[data-testid=call-audio]');
      a.muted = true;
      await a.play();
    });
    await customer.waitForFunction(() => document.querySelector('[data-testid=call-audio]').currentTime > 0.2, null, { timeout: 10_000 });
    await customer.evaluate(() => document.querySelector('[data-testid=call-audio]').pause());
    const wav = await customer.request.get(`/api/v1/calls/${callId}/recording`, { headers: { Range: 'bytes=0-43' } });
    assert.equal(wav.status(), 206);
    const header = await wav.body();
    assert.equal(header.subarray(0, 4).toString(), 'RIFF');
    assert.equal(header.readUInt16LE(22), 2, 'two channels');
    await customer.evaluate(() => window.scrollTo(0, 0));
    await screenshot(customer, 'flow-63-call-detail-builtin');
  });

  test('the live wall shows a running built-in call’s last lines', async () => {
    await customer.goto('/calls/live');
    await customer.locator('[data-testid=live-indicator][data-state=live]').waitFor();
    const started = await customer.request.post('/api/v1/simulator/calls', {
      data: {
        number_id: numberId,
        from: '+14155550123',
        script: [
          { type: 'say', text: 'Hi there' },
          { type: 'say', text: 'What are your opening hours' },
          { type: 'say', text: 'Thanks goodbye' },
        ],
      },
      headers: await csrf(customer),
    });
    assert.equal(started.status(), 201, await started.text());
    const running = await started.json();
    const card = customer.locator(`[data-testid=live-call-card][data-id="${running.id}"]`);
    await card.waitFor();
    await card.getByTestId('live-line').filter({ hasText: 'Acme Dental' }).first().waitFor({ timeout: 30_000 });
    await card.locator('[data-testid=live-line][data-speaker=caller]').first().waitFor({ timeout: 45_000 });
    assert.equal(await card.getAttribute('data-status'), 'in_progress');
    assert.ok((await card.getByTestId('live-line').count()) <= 3);
    await screenshot(customer, 'flow-64-live-wall-builtin');
    await customer.locator(`[data-testid=live-call-card][data-id="${running.id}"][data-status=completed]`).waitFor({ timeout: CALL_END_MS });
    assert.match(await card.innerText(), /\d+ turns? · The agent ended the call/);
  });

  test('a call placed from the Calls page to a number appears as outbound and completes', async () => {
    await customer.goto('/calls');
    await customer.getByTestId('calls-table').waitFor();
    await customer.locator('[data-testid=live-indicator][data-state=live]').waitFor();
    await customer.getByTestId('place-call-button').click();
    const dialog = customer.getByTestId('place-call-dialog');
    await dialog.getByTestId('place-to').waitFor();
    // The only active number is chosen; a simulator number gets a callee script.
    assert.match(await dialog.getByTestId('place-from').innerText(), /\+1 \(212\) 555-0142/);
    await dialog.getByTestId('place-callee').waitFor();
    await dialog.getByTestId('script-preset-short').click();
    assert.deepEqual(await dialog.getByTestId('script-step').evaluateAll((els) => els.map((e) => e.dataset.type)), ['say', 'hangup']);
    assert.equal(await dialog.getByTestId('step-text').inputValue(), 'Hello');

    // A bad number is caught first.
    await dialog.getByTestId('place-to').fill('call me');
    await dialog.getByTestId('place-submit').click();
    await dialog.getByTestId('error-place-to').waitFor();
    await dialog.getByTestId('place-to').fill(CALLEE);
    await dialog.getByTestId('place-var-add').click();
    await dialog.getByTestId('place-var-key').fill('customer');
    await dialog.getByTestId('place-var-value').fill('Ada');
    await screenshot(customer, 'flow-65-place-call');
    const [response] = await Promise.all([
      customer.waitForResponse((r) => r.url().endsWith('/api/v1/calls') && r.request().method() === 'POST'),
      dialog.getByTestId('place-submit').click(),
    ]);
    assert.equal(response.status(), 201);
    assert.match(response.request().headers()['idempotency-key'] ?? '', /^[0-9a-f-]{36}$/);
    const placed = await response.json();
    await dialog.waitFor({ state: 'detached' });

    const row = customer.locator(`[data-testid=call-row][data-id="${placed.id}"]`);
    await row.waitFor();
    assert.equal(await row.getByTestId('call-direction').getAttribute('data-direction'), 'outbound');
    assert.match(await row.innerText(), /\+12125550142/);
    assert.match(await row.innerText(), /\+14155552671/);
    await row.locator('[data-testid=call-status][data-status=completed]').waitFor({ timeout: CALL_END_MS });
    const done = await callEnded(customer, placed.id);
    assert.equal(done.direction, 'outbound');
    assert.equal(done.end_reason, 'caller_hung_up');
    await screenshot(customer, 'flow-66-outbound-completed');
  });

  test('the number’s row links to the simulator and to the call form', async () => {
    await customer.goto('/numbers');
    const row = customer.locator(`[data-testid=number-row][data-number="${NUMBER}"]`);
    await row.waitFor();
    await row.getByTestId('number-call').click();
    const dialog = customer.getByTestId('place-call-dialog');
    await dialog.getByTestId('place-to').waitFor();
    assert.match(await dialog.getByTestId('place-from').innerText(), /555-0142/);
    await customer.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await row.getByTestId('number-simulate').click();
    await customer.getByTestId('sim-form').waitFor();
    assert.equal(new URL(customer.url()).searchParams.get('number'), numberId);
  });

  test('the simulator page renders in dark mode', async () => {
    const darkCtx = await newContext(browser, server.baseUrl, { theme: 'dark' });
    try {
      await loginAPI(darkCtx, owner.email, owner.password);
      const page = await darkCtx.newPage();
      await page.goto(`/simulator?number=${numberId}&call=${callId}`);
      await page.locator('[data-testid=sim-live][data-status=completed]').waitFor();
      await page.waitForLoadState('networkidle');
      assert.equal(await page.evaluate(() => document.documentElement.classList.contains('dark')), true);
      await screenshot(page, 'flow-67-simulator-dark');
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
