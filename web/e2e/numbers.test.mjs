// Numbers and the Twilio connection: a registered customer (Starter plan: one number) buys a
// simulator number in the 212 area code for a call agent and watches the background job make it
// active, reassigns and renames it, meets the plan's quota, releases it; in Settings > Integrations
// it connects a Twilio account (nothing is sent to Twilio by saving) and removes it again.
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

const SID = 'AC0123456789abcdef0123456789abcdef';
const TOKEN = 'f1e2d3c4b5a6978877665544332211aa';

let server;
let browser;
let adminCtx;
let customerCtx;
let customer;
let agent;
let bought; // the number's E.164
const owner = { company: unique('Numbers Co'), name: 'Nina Numbers', email: `${unique('nina')}@e2e.test`, password: 'nina-password-123' };

/** The customer's CSRF header for API calls from the page's context. */
async function csrf(page) {
  const me = await (await page.request.get('/api/v1/me')).json();
  return { 'x-csrf-token': me.csrf_token };
}

const toast = (page, text) => page.locator('[data-sonner-toast]').filter({ hasText: text }).first().waitFor();

/** Opens a Radix select and picks the option with exactly this name. */
async function choose(page, trigger, name) {
  await trigger.click();
  await page.getByRole('option', { name, exact: true }).click();
}

const row = () => customer.locator(`[data-testid=number-row][data-number="${bought}"]`);

before(async () => {
  server = await startServer('numbers');
  browser = await launchBrowser();
  adminCtx = await newContext(browser, server.baseUrl);
  const admin = await adminCtx.newPage();
  await loginUI(admin, ADMIN_EMAIL, ADMIN_PASSWORD);

  // A self-service customer: its owner is a customer admin (numbers:write, settings:write) on Starter.
  customerCtx = await newContext(browser, server.baseUrl);
  customer = await customerCtx.newPage();
  await registerCustomerUI(customer, admin, owner);

  const headers = await csrf(customer);
  const created = await customer.request.post('/api/v1/agents', { data: { name: 'Reception', kind: 'call' }, headers });
  assert.equal(created.status(), 201, await created.text());
  agent = await created.json();
  // A chat agent is not offered for numbers.
  const chat = await customer.request.post('/api/v1/agents', { data: { name: 'Web chat', kind: 'chat' }, headers });
  assert.equal(chat.status(), 201, await chat.text());
});

after(async () => {
  await customerCtx?.close();
  await adminCtx?.close();
  await browser?.close();
  await server?.stop();
});

describe('numbers', () => {
  test('Numbers sits right after Calls and starts empty', async () => {
    const nav = await customer.getByTestId('sidebar-nav').locator('a').evaluateAll((as) => as.map((a) => a.dataset.testid));
    assert.equal(nav[nav.indexOf('nav-calls') + 1], 'nav-numbers', nav.join(', '));
    await customer.getByTestId('nav-numbers').click();
    await customer.getByTestId('numbers-page').waitFor();
    const empty = customer.getByTestId('empty-state');
    await empty.waitFor();
    assert.match(await empty.innerText(), /routes the calls it receives to the agent you assign/);
    await screenshot(customer, 'flow-50-numbers-empty');
  });

  test('search simulator numbers in 212, buy one for the agent and watch it become active', async () => {
    await customer.getByTestId('buy-number-empty').click();
    const dialog = customer.getByTestId('buy-number-dialog');
    await dialog.waitFor();
    assert.equal(await dialog.getByTestId('carrier-simulator').getAttribute('aria-checked'), 'true');
    assert.equal(await dialog.getByTestId('search-country').inputValue(), 'US');

    // Letters are refused before asking the server.
    await dialog.getByTestId('search-area-code').fill('21a');
    await dialog.getByTestId('search-submit').click();
    assert.equal(await dialog.getByTestId('error-search-area-code').innerText(), 'Digits only, at most 5');

    await dialog.getByTestId('search-area-code').fill('212');
    await dialog.getByTestId('search-submit').click();
    const options = dialog.getByTestId('available-number');
    await options.first().waitFor();
    const numbers = await options.evaluateAll((els) => els.map((e) => e.dataset.number));
    assert.ok(numbers.length > 1, `several numbers offered: ${numbers}`);
    for (const n of numbers) assert.match(n, /^\+121255501\d\d$/, `a 212 simulator number: ${n}`);
    assert.match(await options.first().innerText(), /^\+1 \(212\) 555-01\d\d/);

    bought = numbers[1];
    await options.nth(1).click();
    await dialog.getByTestId('buy-details').waitFor();
    // Only call agents are offered.
    await dialog.getByTestId('buy-agent').click();
    assert.equal(await customer.getByRole('option', { name: 'Web chat' }).count(), 0);
    await customer.getByRole('option', { name: 'Reception', exact: true }).click();
    assert.match(await dialog.getByTestId('buy-submit').innerText(), /^Buy \+1 \(212\) 555-01\d\d$/);
    await screenshot(customer, 'flow-51-numbers-buy');
    await dialog.getByTestId('buy-submit').click();
    await dialog.waitFor({ state: 'detached' });

    // The purchase runs in the background: the row shows it being bought, then active.
    await customer.locator(`[data-testid=number-row][data-number="${bought}"][data-status=provisioning]`).waitFor();
    assert.equal(await row().getByTestId('number-status').innerText(), 'Buying…');
    await customer.locator(`[data-testid=number-row][data-number="${bought}"][data-status=active]`).waitFor({ timeout: 30_000 });
    assert.equal(await row().getByTestId('number-status').innerText(), 'Active');
    assert.equal(await row().getByTestId('number-carrier').innerText(), 'Simulator');
    assert.equal(await row().getByTestId('number-agent-select').innerText(), 'Reception');

    const api = await (await customer.request.get('/api/v1/numbers')).json();
    assert.equal(api.items.length, 1);
    assert.deepEqual(
      { phone: api.items[0].phone_number, status: api.items[0].status, agent: api.items[0].agent_id },
      { phone: bought, status: 'active', agent: agent.id },
    );
    await screenshot(customer, 'flow-52-numbers-active');
  });

  test('the agent can be removed and assigned again', async () => {
    await choose(customer, row().getByTestId('number-agent-select'), 'No agent');
    await toast(customer, 'no longer go to an agent');
    await customer.waitForFunction(
      (n) => document.querySelector(`[data-testid=number-row][data-number="${n}"] [data-testid=number-agent-select]`)?.textContent === 'No agent',
      bought,
    );
    let api = await (await customer.request.get('/api/v1/numbers')).json();
    assert.equal(api.items[0].agent_id, null);

    await choose(customer, row().getByTestId('number-agent-select'), 'Reception');
    await toast(customer, 'now go to Reception');
    api = await (await customer.request.get('/api/v1/numbers')).json();
    assert.equal(api.items[0].agent_id, agent.id);
    await customer.reload();
    await row().waitFor();
    assert.equal(await row().getByTestId('number-agent-select').innerText(), 'Reception');
  });

  test('the number can be renamed', async () => {
    await row().getByTestId('number-rename').click();
    const input = customer.getByTestId('number-label-input');
    assert.equal(await input.inputValue(), bought, 'the default label is the number');
    await input.fill('   ');
    await customer.getByTestId('number-label-save').click();
    assert.equal(await customer.getByTestId('error-number-label').innerText(), 'Enter a label');
    await input.fill('Main line');
    await customer.getByTestId('number-label-save').click();
    await customer.getByTestId('rename-number-dialog').waitFor({ state: 'detached' });
    await row().getByTestId('number-label').filter({ hasText: 'Main line' }).waitFor();
  });

  test('a second number is refused: the Starter plan has one', async () => {
    await customer.getByTestId('buy-number-button').click();
    const dialog = customer.getByTestId('buy-number-dialog');
    await dialog.getByTestId('search-area-code').fill('212');
    await dialog.getByTestId('search-submit').click();
    const other = dialog.locator(`[data-testid=available-number]:not([data-number="${bought}"])`).first();
    await other.click();
    await dialog.getByTestId('buy-submit').click();
    const error = dialog.getByTestId('buy-error');
    await error.waitFor();
    assert.equal(await error.getAttribute('data-code'), 'quota_exceeded');
    assert.match(await error.innerText(), /Your plan includes 1 phone number, and it is in use/);
    await screenshot(customer, 'flow-53-numbers-quota');
    await customer.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    assert.equal(await customer.getByTestId('number-row').count(), 1);
  });

  test('releasing asks first, then goes releasing → released and hides the number', async () => {
    await row().getByTestId('number-release').click();
    const confirm = customer.getByTestId('confirm-dialog');
    await confirm.waitFor();
    assert.match(await confirm.innerText(), /Release this number\?/);
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await confirm.waitFor({ state: 'detached' });
    assert.equal(await row().getAttribute('data-status'), 'active', 'nothing happens without confirming');

    await row().getByTestId('number-release').click();
    await customer.getByTestId('confirm-button').click();
    await customer.locator(`[data-testid=number-row][data-number="${bought}"][data-status=releasing]`).waitFor();
    assert.equal(await row().getByTestId('number-status').innerText(), 'Releasing…');
    assert.equal(await row().getByTestId('number-agent-select').count(), 0, 'no changes while releasing');
    // Released: it leaves the list…
    await row().waitFor({ state: 'detached', timeout: 30_000 });
    await customer.getByTestId('empty-state').waitFor();
    // …and shows again with "Show released".
    await customer.getByTestId('show-released').click();
    await customer.locator(`[data-testid=number-row][data-number="${bought}"][data-status=released]`).waitFor();
    assert.equal(await row().getByTestId('number-status').innerText(), 'Released');
    assert.equal(await row().getByTestId('number-release').count(), 0);
    assert.equal(await row().getByTestId('number-agent').innerText(), 'No agent');
    await screenshot(customer, 'flow-54-numbers-released');
    const api = await (await customer.request.get('/api/v1/numbers?include_released=true')).json();
    assert.equal(api.items[0].status, 'released');
  });

  test('after the release there is room for a number again', async () => {
    await customer.getByTestId('buy-number-button').click();
    const dialog = customer.getByTestId('buy-number-dialog');
    await dialog.getByTestId('search-submit').click();
    await dialog.getByTestId('available-number').first().click();
    await dialog.getByTestId('buy-label').fill('Second line');
    await dialog.getByTestId('buy-submit').click();
    await dialog.waitFor({ state: 'detached' });
    const second = customer.locator('[data-testid=number-row]').filter({ hasText: 'Second line' });
    await second.and(customer.locator('[data-status=active]')).waitFor({ timeout: 30_000 });
    assert.equal(await second.getByTestId('number-agent-select').innerText(), 'No agent');
  });
});

describe('settings: Twilio', () => {
  test('the Twilio card says only the simulator is available and shows the webhook URLs', async () => {
    await customer.goto('/settings?tab=integrations');
    const card = customer.getByTestId('twilio-card');
    await card.waitFor();
    assert.equal(await customer.getByTestId('twilio-status').getAttribute('data-state'), 'none');
    assert.equal(await customer.getByTestId('twilio-badge').innerText(), 'Not connected');
    assert.match(await customer.getByTestId('twilio-status').innerText(), /Only the simulator is available/);
    assert.equal(await customer.getByTestId('twilio-voice-webhook-url').innerText(), `${server.baseUrl}/webhooks/twilio/voice`);
    assert.equal(await customer.getByTestId('twilio-status-webhook-url').innerText(), `${server.baseUrl}/webhooks/twilio/status`);
    assert.match(await customer.getByTestId('twilio-webhooks-note').innerText(), /configured with both automatically/);
  });

  test('searching Twilio numbers without an account points to the settings', async () => {
    await customer.goto('/numbers');
    await customer.getByTestId('buy-number-button').click();
    const dialog = customer.getByTestId('buy-number-dialog');
    await dialog.getByTestId('twilio-missing').waitFor();
    await dialog.getByTestId('carrier-twilio').click();
    await dialog.getByTestId('search-submit').click();
    const alert = dialog.getByTestId('search-not-configured');
    await alert.waitFor();
    assert.match(await alert.innerText(), /Twilio/);
    await alert.getByRole('link').click();
    await customer.getByTestId('twilio-card').waitFor();
    assert.equal(new URL(customer.url()).searchParams.get('tab'), 'integrations');
  });

  test('a bad SID is refused with the field error, by the form and by the server', async () => {
    await customer.getByTestId('twilio-sid-input').fill('AC123');
    await customer.getByTestId('twilio-token-input').fill(TOKEN);
    await customer.getByTestId('twilio-save').click();
    assert.equal(
      await customer.getByTestId('error-twilio-sid').innerText(),
      'An Account SID is AC followed by 32 hexadecimal characters',
    );
    assert.equal(await customer.getByTestId('twilio-status').getAttribute('data-state'), 'none');

    const res = await customer.request.put('/api/v1/integrations/twilio', {
      data: { account_sid: 'AC123', auth_token: TOKEN },
      headers: await csrf(customer),
    });
    assert.equal(res.status(), 400);
    const body = await res.json();
    assert.equal(body.error.code, 'validation_failed');
    assert.ok(body.error.details.fields.account_sid, JSON.stringify(body.error.details));
  });

  test('a valid account is saved: the SID in full, the token masked', async () => {
    await customer.getByTestId('twilio-sid-input').fill(SID);
    const token = customer.getByTestId('twilio-token-input');
    assert.equal(await token.getAttribute('type'), 'password');
    await token.fill(TOKEN);
    await customer.getByTestId('twilio-save').click();
    await customer.locator('[data-testid=twilio-status][data-state=own]').waitFor();
    assert.equal(await customer.getByTestId('twilio-account-sid').innerText(), SID);
    const hint = await customer.getByTestId('twilio-token-hint').innerText();
    assert.ok(!hint.includes(TOKEN.slice(0, 8)), `the token is masked: ${hint}`);
    assert.equal(await customer.getByTestId('twilio-badge').innerText(), 'Connected');
    assert.equal(await token.inputValue(), '');
    await screenshot(customer, 'flow-55-twilio-connected');

    await customer.reload();
    await customer.locator('[data-testid=twilio-status][data-state=own]').waitFor();
    assert.equal(await customer.getByTestId('twilio-account-sid').innerText(), SID);
    assert.ok(!(await customer.content()).includes(TOKEN), 'the token is never sent back');
  });

  test('the account can be removed after confirming', async () => {
    await customer.getByTestId('twilio-remove').click();
    await customer.getByTestId('confirm-dialog').waitFor();
    await customer.getByTestId('confirm-button').click();
    await customer.locator('[data-testid=twilio-status][data-state=none]').waitFor();
    assert.equal(await customer.getByTestId('twilio-remove').count(), 0);
    const api = await (await customer.request.get('/api/v1/integrations/twilio')).json();
    assert.equal(api.configured, false);
  });

  test('the numbers page renders in dark mode', async () => {
    const darkCtx = await newContext(browser, server.baseUrl, { theme: 'dark' });
    try {
      await loginAPI(darkCtx, owner.email, owner.password);
      const page = await darkCtx.newPage();
      await page.goto('/numbers');
      await page.getByTestId('numbers-table').waitFor();
      await page.waitForLoadState('networkidle');
      assert.equal(await page.evaluate(() => document.documentElement.classList.contains('dark')), true);
      await screenshot(page, 'flow-56-numbers-dark');
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
