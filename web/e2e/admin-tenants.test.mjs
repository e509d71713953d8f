// Scenario 2: the platform admin creates a tenant in /admin/tenants and sees it in the list.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN_EMAIL, ADMIN_PASSWORD, launchBrowser, loginUI, newContext, screenshot, startServer, unique } from './harness.mjs';

let server;
let browser;

before(async () => {
  server = await startServer('admin-tenants');
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('platform admin creates a customer tenant and finds it in the list', async () => {
  const ctx = await newContext(browser, server.baseUrl);
  const page = await ctx.newPage();
  try {
    await loginUI(page, ADMIN_EMAIL, ADMIN_PASSWORD);
    await page.getByTestId('nav-tenants').click();
    await page.getByTestId('tenants-page').waitFor();

    const name = unique('Globex Customer');
    await page.getByTestId('create-tenant-button').click();
    await page.getByTestId('create-tenant-dialog').waitFor();
    await page.getByLabel('Name').fill(name);
    await screenshot(page, 'flow-10-create-tenant-dialog');
    await page.getByTestId('create-tenant-submit').click();
    await page.getByTestId('create-tenant-dialog').waitFor({ state: 'detached' });

    const row = page.locator(`[data-testid=tenant-row][data-name="${name}"]`);
    await row.waitFor();
    assert.match(await row.innerText(), /\bCustomer\b.*\bActive\b/s);

    // The search filter finds it too.
    await page.getByTestId('tenant-filter-q').fill(name.slice(0, 20));
    await row.waitFor();
    assert.equal(await page.getByTestId('tenant-row').count(), 1);
    await screenshot(page, 'flow-11-tenant-created');

    // Suspend and reactivate it.
    await row.getByTestId('tenant-actions').click();
    await page.getByTestId('tenant-suspend').click();
    await page.getByTestId('confirm-button').click();
    await row.filter({ hasText: 'Suspended' }).waitFor();
    await row.getByTestId('tenant-actions').click();
    await page.getByTestId('tenant-reactivate').click();
    await row.filter({ hasText: 'Active' }).waitFor();

    assert.deepEqual(ctx.problems, []);
  } finally {
    await ctx.close();
  }
});
