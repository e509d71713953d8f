// Calls: a registered customer links an agent to ElevenLabs; signed post-call webhooks sent from
// here become calls that appear in the open list and on the live wall without a reload; the detail
// shows summary, data and transcript, and plays the recording once the audio webhook arrives;
// transcript search filters the list; the CSV export carries the call.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  ADMIN_EMAIL,
  ADMIN_PASSWORD,
  launchBrowser,
  loginUI,
  newContext,
  registerCustomerUI,
  screenshot,
  startServer,
  unique,
} from './harness.mjs';
import { audio, deliver, silentMp3, transcription } from './elevenlabs.mjs';

let server;
let browser;
let adminCtx;
let customerCtx;
let customer;
const owner = { company: unique('Acme Dental'), name: 'Dana Dentist', email: `${unique('dana')}@e2e.test`, password: 'dana-password-123' };
const elAgentId = unique('el_agent');
const conversation = unique('conv');
let callId;

before(async () => {
  server = await startServer('calls');
  browser = await launchBrowser();
  adminCtx = await newContext(browser, server.baseUrl);
  const admin = await adminCtx.newPage();
  await loginUI(admin, ADMIN_EMAIL, ADMIN_PASSWORD);

  // A self-service customer (customer_admin, which holds calls:read).
  customerCtx = await newContext(browser, server.baseUrl);
  customer = await customerCtx.newPage();
  await registerCustomerUI(customer, admin, owner);
});

after(async () => {
  await customerCtx?.close();
  await adminCtx?.close();
  await browser?.close();
  await server?.stop();
});

/** The rows of the calls table (or none). */
const rows = (page) => page.getByTestId('call-row');

describe('calls', () => {
  test('Calls sits after Agents in the navigation and starts empty, live', async () => {
    const nav = await customer.getByTestId('sidebar-nav').locator('a').evaluateAll((as) => as.map((a) => a.dataset.testid));
    const agents = nav.indexOf('nav-agents');
    assert.ok(agents >= 0, `nav: ${nav.join(', ')}`);
    assert.equal(nav[agents + 1], 'nav-calls', `Calls right after Agents: ${nav.join(', ')}`);

    await customer.getByTestId('nav-calls').click();
    await customer.getByTestId('calls-page').waitFor();
    await customer.getByTestId('empty-state').filter({ hasText: 'No calls yet' }).waitFor();
    assert.match(await customer.getByTestId('empty-state').innerText(), /ElevenLabs/);
    await customer.locator('[data-testid=live-indicator][data-state=live]').waitFor();
    await screenshot(customer, 'flow-30-calls-empty');
  });

  test('the customer links an agent to ElevenLabs', async () => {
    const me = await (await customer.request.get('/api/v1/me')).json();
    const headers = { 'x-csrf-token': me.csrf_token };
    const created = await customer.request.post('/api/v1/agents', { data: { name: 'Front desk', kind: 'call' }, headers });
    assert.equal(created.status(), 201, await created.text());
    const agent = await created.json();
    const linked = await customer.request.patch(`/api/v1/agents/${agent.id}`, { data: { elevenlabs_agent_id: elAgentId }, headers });
    assert.equal(linked.status(), 200, await linked.text());
    assert.equal((await linked.json()).elevenlabs_agent_id, elAgentId);
  });

  test('a signed post-call webhook appears in the open list without a reload', async () => {
    // The list was opened before the agent existed: its name comes with the live update.
    await customer.evaluate(() => {
      window.__sameDocument = true;
    });

    const ack = await deliver(server.baseUrl, transcription({ agentId: elAgentId, conversationId: conversation }));
    assert.equal(ack.status, 'applied');

    const row = rows(customer).first();
    await row.waitFor();
    assert.equal(await customer.evaluate(() => window.__sameDocument), true, 'the page was not reloaded');
    assert.equal(await row.getAttribute('data-flash'), 'true', 'the new row is highlighted');
    callId = await row.getAttribute('data-id');
    assert.match(callId, /^[0-9a-f-]{36}$/);
    const text = await row.innerText();
    assert.match(text, /\+14155550123/);
    assert.match(text, /\+14155550100/);
    assert.match(text, /2:13/);
    assert.match(text, /Completed/);
    assert.equal(await row.getByTestId('call-direction').getAttribute('data-direction'), 'inbound');
    assert.equal(await row.getByTestId('call-success').getAttribute('data-success'), 'true');
    await row.getByText('Front desk').waitFor();
    // The overview above the table counts it.
    await customer.getByTestId('calls-chart').waitFor();
    assert.equal(await customer.getByTestId('stat-calls').innerText(), '1');
    assert.equal(await customer.getByTestId('stat-avg-duration').innerText(), '2:13');
    assert.equal(await customer.getByTestId('stat-credits').innerText(), '3');
    await screenshot(customer, 'flow-31-calls-live-row');
  });

  test('the detail shows facts, summary, data collected and the transcript as bubbles', async () => {
    await rows(customer).first().getByTestId('call-open').click();
    await customer.locator(`[data-testid=call-page][data-call-id="${callId}"]`).waitFor();
    assert.equal(new URL(customer.url()).pathname, `/calls/${callId}`);
    assert.match(await customer.getByTestId('call-summary-text').innerText(), /moved an appointment/);
    assert.equal(await customer.getByTestId('tile-duration').innerText(), '2:13');
    assert.equal(await customer.getByTestId('tile-credits').innerText(), '3');
    assert.match(await customer.getByTestId('fact-agent').innerText(), /Front desk/);
    assert.match(await customer.getByTestId('fact-runtime').innerText(), /Elevenlabs/i);
    assert.match(await customer.getByTestId('fact-end-reason').innerText(), /end_call tool was called/);
    assert.match(await customer.locator('[data-testid=collected-row][data-key=new_day]').innerText(), /Friday/);

    const bubbles = customer.getByTestId('transcript-bubble');
    await bubbles.first().waitFor();
    assert.deepEqual(
      await bubbles.evaluateAll((els) => els.map((e) => e.dataset.speaker)),
      ['agent', 'caller', 'agent', 'caller', 'agent', 'caller'],
    );
    assert.match(await bubbles.nth(1).innerText(), /I need to move my appointment/);
    assert.deepEqual(
      await customer.getByTestId('transcript-offset').allInnerTexts(),
      ['0:00', '0:04', '0:08', '0:13', '0:19', '0:25'],
    );
    // No recording yet; the raw analysis is folded away.
    await customer.getByTestId('no-recording').waitFor();
    assert.equal(await customer.getByTestId('analysis-json').isVisible(), false);
    await customer.getByTestId('call-analysis').locator('summary').click();
    assert.match(await customer.getByTestId('analysis-json').innerText(), /"call_successful": "success"/);
    await screenshot(customer, 'flow-32-call-detail');
  });

  test('the audio webhook brings the recording: the player loads it and seeks', async () => {
    const mp3 = silentMp3(30);
    const ack = await deliver(server.baseUrl, audio({ agentId: elAgentId, conversationId: conversation, mp3 }));
    assert.equal(ack.status, 'applied');
    // The open detail hears the update live.
    const player = customer.getByTestId('call-audio');
    await player.waitFor();
    const duration = await customer.waitForFunction(
      () => {
        const a = document.querySelector('[data-testid=call-audio]');
        return a && a.readyState >= 1 && Number.isFinite(a.duration) && a.duration > 0 ? a.duration : false;
      },
      null,
      { timeout: 15_000 },
    );
    const secs = await duration.jsonValue();
    assert.ok(secs > 29 && secs < 31, `duration ${secs}`);
    // The recording answers byte ranges (how the player seeks).
    const range = await customer.request.get(`/api/v1/calls/${callId}/recording`, { headers: { Range: 'bytes=0-99' } });
    assert.equal(range.status(), 206);
    assert.equal((await range.body()).length, 100);
    assert.equal(range.headers()['content-range'], `bytes 0-99/${mp3.length}`);
    // A transcript time jumps the player there.
    await customer.getByTestId('transcript-offset').nth(3).click();
    const at = await customer.evaluate(() => document.querySelector('[data-testid=call-audio]').currentTime);
    assert.ok(at >= 12.9 && at < 16, `currentTime ${at}`);
    await customer.evaluate(() => window.scrollTo(0, 0));
    await screenshot(customer, 'flow-33-call-recording');
  });

  test('transcript search and the other filters narrow the list; the URL keeps them', async () => {
    await customer.getByTestId('back-to-calls').click();
    await customer.getByTestId('calls-page').waitFor();
    await rows(customer).first().waitFor();

    // Typing settles into the URL, then the list shows that query's answer (fetched or cached).
    const search = async (text) => {
      await customer.getByTestId('call-filter-q').fill(text);
      await customer.waitForURL((u) => u.searchParams.get('q') === text);
      await customer.locator('[data-testid=calls-table], [data-testid=empty-state]').first().waitFor();
    };
    await search('appointment');
    await rows(customer).first().waitFor();
    assert.equal(await rows(customer).count(), 1);
    assert.equal(new URL(customer.url()).searchParams.get('q'), 'appointment');

    await search('pizza');
    await customer.getByTestId('empty-state').filter({ hasText: 'No calls match' }).waitFor();
    assert.equal(await rows(customer).count(), 0);
    await screenshot(customer, 'flow-34-calls-no-match');

    await search('appointment');
    await rows(customer).first().waitFor();
    // Status: failed hides it, completed shows it.
    await customer.getByTestId('call-filter-status').click();
    await customer.getByTestId('call-status-option-failed').click();
    await customer.getByTestId('empty-state').filter({ hasText: 'No calls match' }).waitFor();
    await customer.getByTestId('call-filter-status').click();
    await customer.getByTestId('call-status-option-completed').click();
    await rows(customer).first().waitFor();
    // Direction and number.
    await customer.getByTestId('call-filter-direction').click();
    await customer.getByTestId('call-direction-option-outbound').click();
    await customer.getByTestId('empty-state').filter({ hasText: 'No calls match' }).waitFor();
    await customer.getByTestId('call-filter-direction').click();
    await customer.getByTestId('call-direction-option-inbound').click();
    await rows(customer).first().waitFor();
    const params = new URL(customer.url()).searchParams;
    assert.deepEqual(Object.fromEntries(params), { status: 'completed', direction: 'inbound', q: 'appointment' });
    // The filters survive a reload.
    await customer.reload();
    await rows(customer).first().waitFor();
    assert.equal(await customer.getByTestId('call-filter-q').inputValue(), 'appointment');
  });

  test('Export CSV downloads the filtered calls', async () => {
    const href = await customer.getByTestId('export-csv').getAttribute('href');
    const url = new URL(href, server.baseUrl);
    assert.equal(url.pathname, '/api/v1/calls/export');
    assert.equal(url.searchParams.get('q'), 'appointment');
    const [download] = await Promise.all([customer.waitForEvent('download'), customer.getByTestId('export-csv').click()]);
    const file = await download.path();
    const csv = readFileSync(file, 'utf8');
    assert.ok(csv.includes(callId), `the CSV carries the call id:\n${csv.slice(0, 500)}`);
    assert.match(download.suggestedFilename(), /\.csv$/);

    // Reset clears every filter.
    await customer.getByTestId('call-filter-reset').click();
    await customer.waitForURL((u) => u.search === '');
    await rows(customer).first().waitFor();
  });

  test('the live wall shows the newest calls first and adds new ones as they come', async () => {
    await customer.getByTestId('open-live-wall').click();
    await customer.getByTestId('live-page').waitFor();
    await customer.locator('[data-testid=live-indicator][data-state=live]').waitFor();
    const cards = customer.getByTestId('live-call-card');
    await cards.first().waitFor();
    assert.equal(await cards.count(), 1);

    await deliver(
      server.baseUrl,
      transcription({
        agentId: elAgentId,
        conversationId: unique('conv'),
        startedSecsAgo: 60,
        duration: 47,
        direction: 'outbound',
        externalNumber: '+14155550199',
        successful: 'failure',
        summary: 'Nobody could confirm the delivery window; the caller will call back.',
        data: {},
        lines: [
          ['agent', 'Hi, this is Acme Dental calling about your order.', 0],
          ['user', 'Sorry, wrong number.', 5],
        ],
      }),
    );
    await customer.locator('[data-testid=live-call-card]:first-child[data-flash=true]').waitFor();
    assert.equal(await cards.count(), 2);
    assert.match(await cards.first().innerText(), /\+14155550199/);
    assert.equal(await cards.first().getByTestId('call-direction').getAttribute('data-direction'), 'outbound');
    // Both calls started a minute or more ago: just after midnight one of them was yesterday's.
    // The count is checked against the same list, judged by the browser's own clock.
    const callsToday = () =>
      customer.evaluate(async () => {
        const body = await (await fetch('/api/v1/calls?limit=100')).json();
        const today = new Date().toDateString();
        return body.items.filter((c) => new Date(c.started_at ?? c.created_at).toDateString() === today).length;
      });
    const expectedBefore = await callsToday();
    const shown = await customer.getByTestId('live-today').innerText();
    const expectedAfter = await callsToday();
    assert.ok([String(expectedBefore), String(expectedAfter)].includes(shown), `${shown} calls today`);
    await screenshot(customer, 'flow-35-calls-live-wall');

    await cards.first().click();
    await customer.getByTestId('call-page').waitFor();
    assert.equal(await customer.getByTestId('call-success').getAttribute('data-success'), 'false');
  });

  test('no page error and no 5xx', () => {
    assert.deepEqual(customerCtx.problems, []);
    assert.deepEqual(adminCtx.problems, []);
  });
});
