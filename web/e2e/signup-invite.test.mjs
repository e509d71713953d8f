// Scenario 1: register → verify via the outbox link → sign in → invite a customer_user →
// accept in a fresh context → the new user sees only what the role allows → sign out.
import { after, before, test } from 'node:test';
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

before(async () => {
  server = await startServer('signup-invite');
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('register, verify, invite a customer_user, accept, role-limited access, sign out', async () => {
  const owner = { company: unique('Acme Voice'), name: 'Olivia Owner', email: `${unique('owner')}@acme.test`, password: 'owner-password-123' };
  const invitee = { name: 'Ivan Invitee', email: `${unique('ivan')}@acme.test`, password: 'invitee-password-123' };

  const ownerCtx = await newContext(browser, server.baseUrl);
  const adminCtx = await newContext(browser, server.baseUrl);
  const inviteeCtx = await newContext(browser, server.baseUrl);
  const ownerPage = await ownerCtx.newPage();
  const adminPage = await adminCtx.newPage();
  const inviteePage = await inviteeCtx.newPage();

  try {
    // 1. Register.
    await ownerPage.goto('/register');
    await ownerPage.getByLabel('Company name').fill(owner.company);
    await ownerPage.getByLabel('Your name').fill(owner.name);
    await ownerPage.getByLabel('Work email').fill(owner.email);
    await ownerPage.getByLabel('Password').fill(owner.password);
    await ownerPage.getByTestId('register-submit').click();
    await ownerPage.getByTestId('register-success').waitFor();

    // Signing in before verification is refused with the server's message.
    await ownerPage.goto('/login');
    await ownerPage.getByLabel('Email').fill(owner.email);
    await ownerPage.locator('#password').fill(owner.password);
    await ownerPage.getByTestId('login-submit').click();
    await ownerPage.getByTestId('form-error').waitFor();
    await screenshot(ownerPage, 'flow-01-login-unverified');

    // 2. The bootstrap admin reads the verification link from the outbox.
    await loginUI(adminPage, ADMIN_EMAIL, ADMIN_PASSWORD);
    const verifyLink = await linkFromOutboxUI(adminPage, { to: owner.email, pathPrefix: '/verify-email' });
    await screenshot(adminPage, 'flow-02-outbox-verification-email');

    // 3. Open the link, then sign in.
    await ownerPage.goto(verifyLink);
    await ownerPage.getByTestId('verify-success').waitFor();
    await ownerPage.getByRole('link', { name: 'Sign in' }).click();
    await ownerPage.getByTestId('login-page').waitFor();
    await ownerPage.getByLabel('Email').fill(owner.email);
    await ownerPage.locator('#password').fill(owner.password);
    await ownerPage.getByTestId('login-submit').click();
    await ownerPage.getByTestId('dashboard-page').waitFor();
    assert.equal(await ownerPage.getByTestId('dashboard-tenant-name').textContent(), owner.company);
    await ownerPage.getByTestId('nav-team').waitFor();

    // 4. Invite a customer_user.
    await ownerPage.getByTestId('nav-team').click();
    await ownerPage.getByTestId('tab-invitations').click();
    await ownerPage.getByTestId('invite-button').click();
    await ownerPage.getByLabel('Email').fill(invitee.email);
    await ownerPage.getByTestId('invite-role').click();
    await ownerPage.getByTestId('role-option-customer_user').click();
    await ownerPage.getByTestId('invite-submit').click();
    await ownerPage.locator(`[data-testid=invitation-row][data-email="${invitee.email}"]`).waitFor();
    await screenshot(ownerPage, 'flow-03-invitation-sent');

    // 5. The admin reads the invitation link.
    const inviteLink = await linkFromOutboxUI(adminPage, { to: invitee.email, pathPrefix: '/accept-invitation' });

    // 6. Accept in a fresh context.
    await inviteePage.goto(inviteLink);
    await inviteePage.getByTestId('invitation-summary').waitFor();
    assert.equal(await inviteePage.getByTestId('invitation-tenant').textContent(), owner.company);
    await inviteePage.getByLabel('Your name').fill(invitee.name);
    await inviteePage.getByLabel('Choose a password').fill(invitee.password);
    await screenshot(inviteePage, 'flow-04-accept-invitation');
    await inviteePage.getByTestId('accept-submit').click();
    await inviteePage.getByTestId('dashboard-page').waitFor();

    // 7. Only what customer_user allows.
    assert.equal(await inviteePage.getByTestId('nav-team').count(), 0, 'Team must be hidden');
    assert.equal(await inviteePage.getByTestId('nav-api-keys').count(), 0, 'API keys must be hidden');
    await inviteePage.goto('/api-keys');
    await inviteePage.getByTestId('forbidden').waitFor();
    await screenshot(inviteePage, 'flow-05-customer-user-forbidden');

    // The owner now sees the new member.
    await ownerPage.goto('/team');
    await ownerPage.locator(`[data-testid=member-row][data-email="${invitee.email}"]`).waitFor();

    // 8. Sign out.
    await inviteePage.getByTestId('user-menu').click();
    await inviteePage.getByTestId('menu-sign-out').click();
    await inviteePage.getByTestId('login-page').waitFor();
    await inviteePage.goto('/');
    await inviteePage.getByTestId('login-page').waitFor();

    for (const ctx of [ownerCtx, adminCtx, inviteeCtx]) assert.deepEqual(ctx.problems, []);
  } finally {
    await Promise.all([ownerCtx.close(), adminCtx.close(), inviteeCtx.close()]);
  }
});
