// Agents and credits: a registered customer creates and configures an agent, meets the server's
// errors, publishes twice and rolls back, talks to it in the test console, sees its welcome credits;
// the platform admin removes credits and the customer sees the low-balance banner.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  ADMIN_EMAIL,
  ADMIN_PASSWORD,
  WEB_DIR,
  launchBrowser,
  loginUI,
  newContext,
  registerCustomerUI,
  screenshot,
  startServer,
  unique,
} from './harness.mjs';

// The chat endpoints arrive with a later server change; the console step needs them.
const OPENAPI = path.resolve(WEB_DIR, '../openapi/openapi.json');
const HAS_CHATS = existsSync(OPENAPI) && readFileSync(OPENAPI, 'utf8').includes('"/api/v1/chats');
const CHAT_SKIP = HAS_CHATS ? false : `/api/v1/chats is not in ${OPENAPI}: the server has no chat endpoints yet`;
console.log(`# agents.test: chat endpoints in openapi.json: ${HAS_CHATS ? 'yes' : 'no (test-console step skipped)'}`);

const DEFAULT_FIRST_MESSAGE = 'Hello, thanks for calling {{company}}. How can I help?';

let server;
let browser;
let adminCtx;
let admin;
let customerCtx;
let customer;
const owner = { company: unique('Front Desk Co'), name: 'Carla Customer', email: `${unique('carla')}@e2e.test`, password: 'carla-password-123' };
let agentUrl;

/** Waits for a toast containing `text`. */
const toast = (page, text) => page.locator('[data-sonner-toast]').filter({ hasText: text }).first().waitFor();

async function chooseStatus(page, status) {
  await page.getByTestId('agent-status-select').click();
  await page.getByTestId(`status-option-${status}`).click();
}

async function publish(page, note) {
  await page.getByTestId('tab-versions').click();
  await page.getByTestId('publish-note').fill(note);
  await page.getByTestId('publish-button').click();
}

before(async () => {
  server = await startServer('agents');
  browser = await launchBrowser();
  adminCtx = await newContext(browser, server.baseUrl);
  admin = await adminCtx.newPage();
  await loginUI(admin, ADMIN_EMAIL, ADMIN_PASSWORD);

  // A self-service customer (customer_admin: agents and billing).
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

describe('agents and credits', () => {
  test('the customer creates a call agent from the empty list', async () => {
    // Agents comes right after the dashboard in the navigation.
    const nav = await customer.getByTestId('sidebar-nav').locator('a').evaluateAll((as) => as.map((a) => a.dataset.testid));
    assert.deepEqual(nav.slice(0, 2), ['nav-dashboard', 'nav-agents']);
    assert.ok(nav.includes('nav-billing'), 'a customer admin sees Billing');

    await customer.getByTestId('nav-agents').click();
    await customer.getByTestId('agents-page').waitFor();
    await customer.getByTestId('empty-state').filter({ hasText: 'No agents yet' }).waitFor();
    await screenshot(customer, 'flow-20-agents-empty');

    await customer.getByTestId('new-agent-empty').click();
    await customer.getByTestId('new-agent-dialog').waitFor();
    await customer.getByLabel('Name').fill('Front desk');
    await customer.getByTestId('agent-kind-call').click();
    await screenshot(customer, 'flow-21-new-agent-dialog');
    await customer.getByTestId('new-agent-submit').click();
    await customer.getByTestId('agent-page').waitFor();
    agentUrl = new URL(customer.url()).pathname;
    assert.match(agentUrl, /^\/agents\/[0-9a-f-]{36}$/);
    assert.equal(await customer.getByTestId('page-title').textContent(), 'Front desk');
    assert.match(await customer.getByTestId('agent-current-version').innerText(), /Unpublished/);
  });

  test('server errors show where they belong: name taken, activating before a publish', async () => {
    await customer.goto('/agents');
    await customer.locator('[data-testid=agent-row][data-name="Front desk"]').waitFor();
    await customer.getByTestId('new-agent-button').click();
    await customer.getByLabel('Name').fill('Front desk');
    await customer.getByTestId('agent-kind-chat').click();
    await customer.getByTestId('new-agent-submit').click();
    await customer.getByTestId('error-agent-name').filter({ hasText: 'Another agent already has this name' }).waitFor();
    await screenshot(customer, 'flow-22-agent-name-taken');
    // A different name works: a chat agent (deleted at the end).
    await customer.getByLabel('Name').fill('Web chat');
    await customer.getByTestId('new-agent-submit').click();
    await customer.getByTestId('agent-page').waitFor();
    assert.equal(await customer.getByTestId('page-title').textContent(), 'Web chat');

    // Renaming onto a taken name in the editor: the message sits under the name field.
    await customer.getByTestId('cfg-name').fill('Front desk');
    await customer.getByTestId('config-save').click();
    await customer.getByTestId('error-cfg-name').filter({ hasText: 'Another agent already has this name' }).waitFor();

    // Activating before the first publish: the server's message under the status selector.
    await customer.goto(agentUrl);
    await customer.getByTestId('agent-page').waitFor();
    await chooseStatus(customer, 'active');
    const err = customer.getByTestId('status-error');
    await err.waitFor();
    assert.match(await err.innerText(), /publish the agent before activating it/i);
    assert.match(await customer.getByTestId('agent-status-badge').first().innerText(), /draft/i);
    await screenshot(customer, 'flow-23-activate-before-publish');
  });

  test('edit the configuration and save it', async () => {
    await customer.goto(agentUrl);
    await customer.getByTestId('agent-config-form').waitFor();
    await customer.getByLabel('System prompt').fill('You answer the phone for {{company}}. Opening hours: {{support_hours}}.');
    // Temperature 0.70 → 0.50 with the keyboard (step 0.05).
    const slider = customer.getByTestId('cfg-temperature');
    await slider.focus();
    for (let i = 0; i < 4; i++) await slider.press('ArrowLeft');
    assert.equal(await customer.getByTestId('cfg-temperature-value').textContent(), '0.50');
    await customer.getByLabel('Max call duration (seconds)').fill('900');

    // Language tags are checked as the server checks them.
    const lang = customer.locator('#cfg-lang-allowed');
    await lang.fill('english');
    await lang.press('Enter');
    await customer.getByTestId('allowed-languages').filter({ hasText: 'Use a language tag such as en-US' }).waitFor();
    await lang.fill('de-AT');
    await lang.press('Enter');
    await lang.fill('es-419');
    await customer.getByTestId('add-language').click();
    assert.deepEqual(await customer.getByTestId('allowed-language').allInnerTexts(), ['de-AT', 'es-419']);

    await customer.getByTestId('add-variable').click();
    const row = customer.getByTestId('variable-row').last();
    await row.getByTestId('variable-key').fill('support_hours');
    await row.getByTestId('variable-value').fill('9 to 5');
    await customer.getByTestId('config-dirty').filter({ hasText: 'Unsaved changes' }).waitFor();
    await screenshot(customer, 'flow-24-agent-config-edited');
    await customer.getByTestId('config-save').click();
    await toast(customer, 'Configuration saved');
    await customer.getByTestId('config-dirty').filter({ hasText: 'All changes saved' }).waitFor();

    const res = await customer.request.get(`/api/v1${agentUrl}`);
    const { config } = await res.json();
    assert.equal(config.llm.temperature, 0.5);
    assert.equal(config.max_call_duration_secs, 900);
    assert.deepEqual(config.languages.allowed, ['de-AT', 'es-419']);
    assert.deepEqual(config.variables, { company: 'our company', support_hours: '9 to 5' });
    assert.match(config.system_prompt, /Opening hours/);

    await customer.reload();
    assert.equal(await customer.getByTestId('cfg-temperature-value').textContent(), '0.50');
  });

  test('publish v1, change the first message, publish v2, roll back to v1', async () => {
    await customer.goto(agentUrl);
    await publish(customer, 'Initial version');
    await customer.locator('[data-testid=version-row][data-version="1"]').filter({ hasText: 'Initial version' }).waitFor();
    await customer.getByTestId('agent-current-version').filter({ hasText: 'v1' }).waitFor();

    await customer.getByTestId('tab-config').click();
    await customer.getByTestId('cfg-first-message').fill('Hi, this is the new greeting.');
    // Unsaved edits: the versions tab warns that publishing uses the saved draft.
    await customer.getByTestId('tab-versions').click();
    await customer.getByTestId('unsaved-warning').waitFor();
    await customer.getByTestId('tab-config').click();
    await customer.getByTestId('config-save').click();
    await toast(customer, 'Configuration saved');
    await customer.getByTestId('draft-changed').waitFor();
    await publish(customer, 'New greeting');
    await customer.locator('[data-testid=version-row][data-version="2"]').waitFor();
    await customer.getByTestId('draft-changed').waitFor({ state: 'detached' });

    const v1 = customer.locator('[data-testid=version-row][data-version="1"]');
    await v1.getByTestId('version-rollback').click();
    await customer.getByTestId('confirm-dialog').filter({ hasText: 'Roll back to version 1?' }).waitFor();
    await customer.getByTestId('confirm-button').click();
    await customer.locator('[data-testid=version-row][data-version="3"]').waitFor();
    assert.equal(await customer.getByTestId('version-row').count(), 3);
    assert.match(await customer.locator('[data-testid=version-row][data-version="3"]').innerText(), /Live/);
    await customer.getByTestId('agent-current-version').filter({ hasText: 'v3' }).waitFor();

    // A version's configuration, read-only.
    await customer.locator('[data-testid=version-row][data-version="2"]').getByTestId('version-view').click();
    await customer.getByTestId('summary-first-message').filter({ hasText: 'Hi, this is the new greeting.' }).waitFor();
    await customer.getByTestId('version-json-tab').click();
    assert.match(await customer.getByTestId('version-json').textContent(), /"first_message": "Hi, this is the new greeting."/);
    await customer.keyboard.press('Escape');
    await customer.getByTestId('version-dialog').waitFor({ state: 'detached' });
    await screenshot(customer, 'flow-25-agent-versions');

    // The draft followed the roll-back.
    await customer.getByTestId('tab-config').click();
    assert.equal(await customer.getByTestId('cfg-first-message').inputValue(), DEFAULT_FIRST_MESSAGE);

    // Now it may go live.
    await chooseStatus(customer, 'active');
    await toast(customer, 'is now active');
    assert.match(await customer.getByTestId('agent-status-badge').first().innerText(), /active/i);
  });

  test('billing shows the 15 welcome credits and the bonus entry', async () => {
    // Before the test console, in case chatting costs credits.
    await customer.getByTestId('nav-billing').click();
    await customer.getByTestId('billing-page').waitFor();
    assert.equal(await customer.getByTestId('credit-balance').textContent(), '15');
    const bonus = customer.locator('[data-testid=ledger-row][data-type=bonus]');
    await bonus.waitFor();
    assert.equal(await bonus.getByTestId('ledger-amount').textContent(), '+15');
    assert.equal(await bonus.getByTestId('ledger-balance-after').textContent(), '15');
    await customer.getByTestId('balance-chart').waitFor();
    assert.equal(await customer.getByTestId('billing-low-balance').count(), 0);
    assert.equal(await customer.getByTestId('low-balance-banner').count(), 0);
    await screenshot(customer, 'flow-27-billing');
  });

  test('test console: the first message, a streamed reply, the offline engine badge', { skip: CHAT_SKIP }, async (t) => {
    await customer.goto(`${agentUrl}?tab=test`);
    await customer.getByTestId('test-console').waitFor();
    const first = customer.locator('[data-testid=chat-message][data-role=assistant]').first();
    await first.waitFor();
    assert.match(await first.innerText(), /thanks for calling/i);
    await customer.locator('[data-testid=chat-engine-badge][data-engine=offline]').filter({ hasText: 'Offline engine' }).waitFor();

    // Count the states the reply bubble goes through while it streams.
    await customer.evaluate(() => {
      const seen = new Set();
      window.__replyStates = seen;
      new MutationObserver(() => {
        const bubbles = document.querySelectorAll('[data-testid=assistant-text]');
        const last = bubbles[bubbles.length - 1];
        if (last && last.dataset.streaming === 'true') seen.add(last.textContent);
      }).observe(document.querySelector('[data-testid=chat-messages]'), { subtree: true, childList: true, characterData: true, attributes: true });
    });
    await customer.getByTestId('chat-input').fill('What are your opening hours?');
    await customer.getByTestId('chat-input').press('Enter');
    await customer.locator('[data-testid=chat-message][data-role=user]').filter({ hasText: 'What are your opening hours?' }).waitFor();
    const reply = customer.locator('[data-testid=chat-message][data-role=assistant]').nth(1);
    await reply.getByTestId('chat-usage').waitFor();
    assert.equal(await reply.locator('[data-streaming=true]').count(), 0, 'the reply finished streaming');
    const text = (await reply.getByTestId('assistant-text').innerText()).trim();
    assert.ok(text.length > 0, 'the reply has text');
    assert.match(await reply.getByTestId('chat-usage').innerText(), /\d+ prompt · \d+ completion tokens/);
    const states = await customer.evaluate(() => [...window.__replyStates].filter(Boolean).length);
    t.diagnostic(`the reply was rendered in ${states} intermediate state(s) while streaming`);
    await screenshot(customer, 'flow-26-test-console');

    // The agent is published (v3 live after the roll-back): the console talks to that version.
    assert.equal(await customer.getByTestId('chat-version').textContent(), 'Version 3');

    await customer.getByTestId('chat-new').click();
    await customer.locator('[data-testid=chat-message][data-role=user]').waitFor({ state: 'detached' });
    await customer.locator('[data-testid=chat-message][data-role=assistant]').first().waitFor();
    assert.equal(await customer.getByTestId('chat-message').count(), 1);
  });

  test('the platform admin removes 12 credits; the customer sees the low-balance banner', async () => {
    const before = (await (await customer.request.get('/api/v1/credits')).json()).balance;
    const expected = before - 12;
    assert.ok(expected < 5, `the balance (${before}) minus 12 is below the low-balance threshold`);
    await admin.goto('/admin/tenants');
    // Wait for the debounced, filtered request itself (not just a one-row list, which the unfiltered
    // list may already be), so the row does not re-render under the open menu.
    const filtered = admin.waitForResponse(
      (res) => {
        const url = new URL(res.url());
        return url.pathname === '/api/v1/tenants' && url.searchParams.get('q') === owner.company && res.ok();
      },
    );
    await admin.getByTestId('tenant-filter-q').fill(owner.company);
    await filtered;
    const row = admin.locator(`[data-testid=tenant-row][data-name="${owner.company}"]`);
    await admin.waitForFunction(() => document.querySelectorAll('[data-testid=tenant-row]').length === 1);
    await row.waitFor();
    await row.getByTestId('tenant-actions').click();
    await admin.getByTestId('tenant-adjust-credits').click();
    await admin.getByTestId('adjust-credits-dialog').waitFor();
    await admin.getByTestId('adjust-amount').fill('-12');
    await admin.getByTestId('adjust-reason').fill('Correction: duplicate welcome bonus');
    await screenshot(admin, 'flow-28-adjust-credits');
    // A double click applies once (same Idempotency-Key, and the form ignores the second submit).
    await admin.getByTestId('adjust-submit').dblclick();
    const result = admin.getByTestId('adjust-result');
    await result.waitFor();
    assert.equal(await result.getAttribute('data-created'), 'true');
    assert.equal(await admin.getByTestId('adjust-balance-after').textContent(), String(expected));
    await screenshot(admin, 'flow-29-adjust-credits-result');
    await admin.getByTestId('adjust-done').click();
    await admin.getByTestId('adjust-credits-dialog').waitFor({ state: 'detached' });

    const ledger = await (await customer.request.get('/api/v1/credits/ledger')).json();
    assert.equal(ledger.items.filter((e) => e.entry_type === 'adjustment').length, 1, 'applied once');

    await customer.goto('/');
    const banner = customer.getByTestId('low-balance-banner');
    await banner.waitFor();
    assert.match(await banner.innerText(), expected === 3 ? /3 credits left/ : /Low balance/);
    assert.equal(await customer.getByTestId('dashboard-credit-balance').textContent(), String(expected));
    await screenshot(customer, 'flow-30-low-balance-banner');
    await customer.getByTestId('nav-agents').click();
    await customer.getByTestId('agents-page').waitFor();
    await banner.waitFor();

    await banner.getByRole('link', { name: 'View billing' }).click();
    await customer.getByTestId('billing-low-balance').waitFor();
    assert.equal(await customer.getByTestId('credit-balance').textContent(), String(expected));
    const adj = customer.locator('[data-testid=ledger-row][data-type=adjustment]');
    assert.equal(await adj.getByTestId('ledger-amount').textContent(), '−12');
    assert.match(await adj.innerText(), /duplicate welcome bonus/);
  });

  test('delete an agent', async () => {
    await customer.goto('/agents');
    const row = customer.locator('[data-testid=agent-row][data-name="Web chat"]');
    await row.getByTestId('agent-link').click();
    await customer.getByTestId('agent-page').waitFor();
    await customer.getByTestId('agent-delete').click();
    await customer.getByTestId('confirm-button').click();
    await customer.getByTestId('agents-page').waitFor();
    await customer.locator('[data-testid=agent-row][data-name="Front desk"]').waitFor();
    await row.waitFor({ state: 'detached' });
    // The filters work on what is left.
    await customer.getByTestId('agent-filter-q').fill('web');
    await customer.getByTestId('empty-state').filter({ hasText: 'No agents match' }).waitFor();
  });

  test('no page error, CSP violation or 5xx', () => {
    assert.deepEqual(adminCtx.problems, []);
    assert.deepEqual(customerCtx.problems, []);
  });
});
