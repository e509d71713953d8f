// The remaining write paths of the UI against the real server: API keys, custom roles, members,
// branding, domains, plans, tenant plan change / switching / deletion, passwords, audit filters.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ADMIN_EMAIL,
  ADMIN_PASSWORD,
  launchBrowser,
  linkFromOutboxUI,
  loginUI,
  newContext,
  screenshot,
  startServer,
  unique,
} from './harness.mjs';

let server;
let browser;
let adminCtx;
let admin;

before(async () => {
  server = await startServer('features');
  browser = await launchBrowser();
  adminCtx = await newContext(browser, server.baseUrl);
  admin = await adminCtx.newPage();
  await loginUI(admin, ADMIN_EMAIL, ADMIN_PASSWORD);
});

after(async () => {
  await adminCtx?.close();
  await browser?.close();
  await server?.stop();
});

/** Waits for a toast containing `text`. */
const toast = (page, text) => page.locator('[data-sonner-toast]').filter({ hasText: text }).first().waitFor();

describe('features', () => {
  test('API key: create shows the secret once, then revoke', async () => {
    await admin.goto('/api-keys');
    await admin.getByTestId('create-api-key').click();
    await admin.getByLabel('Name', { exact: true }).fill('CRM integration');
    await admin.getByTestId('perm-users:read').click();
    await admin.getByTestId('perm-audit:read').click();
    await admin.getByTestId('api-key-submit').click();
    const secret = (await admin.getByTestId('api-key-secret').textContent()).trim();
    assert.ok(secret.length > 20, `secret looks like a key: ${secret}`);
    await screenshot(admin, 'feature-api-key-secret');

    // The secret works as a bearer token (scope users:read).
    const res = await fetch(`${server.baseUrl}/api/v1/users`, { headers: { authorization: `Bearer ${secret}` } });
    assert.equal(res.status, 200, 'the new key lists users');

    await admin.getByRole('button', { name: 'Done' }).click();
    const row = admin.getByTestId('api-key-row').filter({ hasText: 'CRM integration' });
    await row.waitFor();
    await row.getByTestId('api-key-revoke').click();
    await admin.getByTestId('confirm-button').click();
    await row.filter({ hasText: 'Revoked' }).waitFor();
    const after = await fetch(`${server.baseUrl}/api/v1/users`, { headers: { authorization: `Bearer ${secret}` } });
    assert.equal(after.status, 401, 'a revoked key is refused');
  });

  test('custom role: create, edit, and invite someone with it', async () => {
    await admin.goto('/team?tab=roles');
    await admin.getByTestId('new-role-button').click();
    await admin.getByLabel('Name', { exact: true }).fill('Auditor');
    await admin.getByTestId('perm-audit:read').click();
    await admin.getByTestId('role-submit').click();
    const row = admin.getByTestId('custom-role-row').filter({ hasText: 'Auditor' });
    await row.waitFor();

    await row.getByRole('button', { name: 'Edit role' }).click();
    await admin.getByTestId('perm-settings:read').click();
    await admin.getByTestId('role-submit').click();
    await row.filter({ hasText: 'settings:read' }).waitFor();

    const email = `${unique('auditor')}@e2e.test`;
    await admin.getByTestId('tab-invitations').click();
    await admin.getByTestId('invite-button').click();
    await admin.getByLabel('Email').fill(email);
    await admin.getByTestId('invite-role').click();
    await admin.getByRole('option', { name: 'Auditor' }).click();
    await admin.getByTestId('invite-submit').click();
    const inv = admin.locator(`[data-testid=invitation-row][data-email="${email}"]`);
    await inv.waitFor();
    assert.match(await inv.innerText(), /Auditor/);

    // Revoke it again.
    await inv.getByTestId('invitation-revoke').click();
    await admin.getByTestId('confirm-button').click();
    await inv.filter({ hasText: /revoked/i }).waitFor();
  });

  test('members: change role, suspend, reactivate and remove a member', async () => {
    // A second platform member: invite as support and accept.
    const email = `${unique('sam')}@e2e.test`;
    await admin.goto('/team?tab=invitations');
    await admin.getByTestId('invite-button').click();
    await admin.getByLabel('Email').fill(email);
    await admin.getByTestId('invite-role').click();
    await admin.getByTestId('role-option-support').click();
    await admin.getByTestId('invite-submit').click();
    await admin.locator(`[data-testid=invitation-row][data-email="${email}"]`).waitFor();
    const link = await linkFromOutboxUI(admin, { to: email, pathPrefix: '/accept-invitation' });
    const ctx = await newContext(browser, server.baseUrl);
    const page = await ctx.newPage();
    await page.goto(link);
    await page.getByLabel('Your name').fill('Sam Support');
    await page.getByLabel('Choose a password').fill('sam-password-123');
    await page.getByTestId('accept-submit').click();
    await page.getByTestId('dashboard-page').waitFor();
    await ctx.close();

    await admin.goto('/team');
    const row = admin.locator(`[data-testid=member-row][data-email="${email}"]`);
    await row.waitFor();
    await row.getByTestId('member-role-select').click();
    await admin.getByRole('option', { name: 'Auditor' }).click();
    await toast(admin, 'is now Auditor');
    await admin.reload();
    await row.getByTestId('member-role-select').filter({ hasText: 'Auditor' }).waitFor();

    await row.getByTestId('member-actions').click();
    await admin.getByTestId('member-suspend').click();
    await row.filter({ hasText: /suspended/i }).waitFor();
    await row.getByTestId('member-actions').click();
    await admin.getByTestId('member-reactivate').click();
    await row.filter({ hasText: /active/i }).waitFor();
    await screenshot(admin, 'feature-members');

    await row.getByTestId('member-actions').click();
    await admin.getByTestId('member-remove').click();
    await admin.getByTestId('confirm-button').click();
    await row.waitFor({ state: 'detached' });
  });

  test('settings: rename, branding with live preview, domains', async () => {
    await admin.goto('/settings');
    const name = admin.getByTestId('tenant-name-input');
    await name.fill('Switchboard HQ');
    await admin.getByTestId('tenant-name-save').click();
    await toast(admin, 'Workspace name saved');
    await admin.getByTestId('current-tenant').filter({ hasText: 'Switchboard HQ' }).waitFor();

    await admin.getByTestId('tab-branding').click();
    await admin.getByLabel('App name').fill('Acme Voice Cloud');
    await admin.locator('#primary_color').fill('#0f766e');
    await admin.getByTestId('branding-preview-name').filter({ hasText: 'Acme Voice Cloud' }).waitFor();
    await admin.getByTestId('branding-save').click();
    await toast(admin, 'Branding saved');
    await screenshot(admin, 'feature-branding');
    await admin.reload();
    assert.equal(await admin.locator('#primary_color').inputValue(), '#0f766e');

    await admin.getByTestId('tab-domains').click();
    await admin.getByTestId('domain-input').fill('voice.acme-e2e.com');
    await admin.getByTestId('domain-add').click();
    const row = admin.getByTestId('domain-row').filter({ hasText: 'voice.acme-e2e.com' });
    await row.filter({ hasText: 'Pending' }).waitFor();
    await row.getByRole('button', { name: 'Verify' }).click();
    await row.filter({ hasText: 'Verified' }).waitFor();
    await row.getByRole('button', { name: 'Remove domain' }).click();
    await admin.getByTestId('confirm-button').click();
    await row.waitFor({ state: 'detached' });
  });

  test('plans: create a custom plan and edit it', async () => {
    const code = unique('custom').toLowerCase().slice(0, 30);
    await admin.goto('/admin/plans');
    await admin.getByTestId('create-plan-button').click();
    await admin.getByLabel('Code').fill(code);
    await admin.getByLabel('Name', { exact: true }).fill('Enterprise Acme');
    await admin.locator('#quota-seats').fill('-1');
    await admin.getByTestId('plan-submit').click();
    const row = admin.getByTestId('plan-row').filter({ hasText: code });
    await row.filter({ hasText: 'Enterprise Acme' }).waitFor();

    await row.getByRole('button', { name: 'Edit Enterprise Acme' }).click();
    await admin.getByLabel('Name', { exact: true }).fill('Enterprise Acme 2');
    await admin.locator('#quota-agents').fill('250');
    await admin.getByTestId('plan-submit').click();
    await row.filter({ hasText: 'Enterprise Acme 2' }).filter({ hasText: '250' }).waitFor();
  });

  test('tenants: change plan, act in the tenant, come back, delete it', async () => {
    const name = unique('Umbrella');
    await admin.goto('/admin/tenants');
    await admin.getByTestId('create-tenant-button').click();
    await admin.getByLabel('Name', { exact: true }).fill(name);
    await admin.getByTestId('create-tenant-submit').click();
    const row = admin.locator(`[data-testid=tenant-row][data-name="${name}"]`);
    await row.waitFor();

    await row.getByTestId('tenant-actions').click();
    await admin.getByTestId('tenant-edit').click();
    await admin.getByTestId('tenant-edit-plan').click();
    const options = admin.getByRole('option');
    const target = (await options.allInnerTexts()).find((t) => !/starter/i.test(t));
    await options.filter({ hasText: target }).first().click();
    await admin.getByTestId('edit-tenant-submit').click();
    await toast(admin, 'Tenant updated');
    await row.filter({ hasText: target.replace(/\s*\(.*\)$/, '') }).waitFor(); // the plan column changed

    // Act in the tenant through the header switcher.
    await admin.getByTestId('tenant-switcher').click();
    await admin.getByTestId('tenant-search').fill(name);
    await admin.getByTestId('tenant-option').filter({ hasText: name }).click();
    await admin.getByTestId('current-tenant').filter({ hasText: name }).waitFor();
    await admin.getByTestId('dashboard-tenant-name').filter({ hasText: name }).waitFor();
    await screenshot(admin, 'feature-acting-in-tenant');
    await admin.getByTestId('tenant-switcher').click();
    await admin.getByTestId('tenant-home').click();
    await admin.getByTestId('current-tenant').filter({ hasNotText: name }).waitFor();

    await admin.goto('/admin/tenants');
    await row.getByTestId('tenant-actions').click();
    await admin.getByTestId('tenant-delete').click();
    await admin.getByTestId('confirm-button').click();
    await row.waitFor({ state: 'detached' });
  });

  test('audit log: filter by action and view the platform-wide log', async () => {
    await admin.goto('/audit');
    await admin.getByTestId('audit-table').waitFor();
    await admin.getByTestId('audit-chart').waitFor();
    await admin.getByLabel('Action').fill('tenant.created');
    await admin.getByTestId('audit-apply').click();
    await admin.waitForLoadState('networkidle');
    const actions = await admin.getByTestId('audit-row').evaluateAll((rows) => rows.map((r) => r.dataset.action));
    assert.ok(actions.length > 0, 'some tenant.created entries');
    assert.deepEqual([...new Set(actions)], ['tenant.created']);

    await admin.getByTestId('audit-scope-platform').click();
    await admin.getByTestId('audit-table').waitFor();
    await admin.getByRole('button', { name: 'Show details' }).first().click();
    await screenshot(admin, 'feature-audit-platform');
  });

  test('passwords: forgot → reset link → sign in; change password; sign out everywhere', async () => {
    // Register + verify a user to play with.
    const email = `${unique('pat')}@e2e.test`;
    const ctx = await newContext(browser, server.baseUrl);
    const page = await ctx.newPage();
    await page.goto('/register');
    await page.getByLabel('Company name').fill(unique('Pat Co'));
    await page.getByLabel('Your name').fill('Pat Person');
    await page.getByLabel('Work email').fill(email);
    await page.getByLabel('Password').fill('first-password-1');
    await page.getByTestId('register-submit').click();
    await page.getByTestId('register-success').waitFor();
    await page.goto(await linkFromOutboxUI(admin, { to: email, pathPrefix: '/verify-email' }));
    await page.getByTestId('verify-success').waitFor();

    await page.goto('/forgot-password');
    await page.getByLabel('Email').fill(email);
    await page.getByRole('button', { name: 'Send reset link' }).click();
    await page.getByTestId('forgot-success').waitFor();
    await page.goto(await linkFromOutboxUI(admin, { to: email, pathPrefix: '/reset-password' }));
    await page.getByLabel('New password', { exact: true }).fill('second-password-2');
    await page.getByLabel('Confirm password').fill('second-password-2');
    await page.getByRole('button', { name: 'Set password' }).click();
    await page.getByTestId('reset-success').waitFor();
    await loginUI(page, email, 'second-password-2');

    await page.getByTestId('user-menu').click();
    await page.getByTestId('menu-change-password').click();
    await page.getByLabel('Current password').fill('second-password-2');
    await page.getByLabel('New password', { exact: true }).fill('third-password-3');
    await page.getByLabel('Confirm new password').fill('third-password-3');
    await page.getByRole('button', { name: 'Change password' }).click();
    await toast(page, 'Password changed');

    // A wrong current password shows the server's message inline.
    await page.goto('/settings?tab=security');
    await page.getByLabel('Current password').fill('not-my-password');
    await page.getByLabel('New password', { exact: true }).fill('fourth-password-4');
    await page.getByLabel('Confirm new password').fill('fourth-password-4');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByTestId('form-error').waitFor();

    await page.getByTestId('sign-out-everywhere').click();
    await page.getByTestId('login-page').waitFor();
    await loginUI(page, email, 'third-password-3');
    await ctx.close();
  });

  test('no page errors and no 5xx', () => {
    assert.deepEqual(adminCtx.problems, []);
  });
});
