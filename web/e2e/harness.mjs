// Shared helpers for the browser tests: starts the real server binary on a free port with a fresh
// SQLite database, drives Debian's Chromium through playwright-core, reads emails from the outbox.
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const WEB_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const RESULTS_DIR = path.join(WEB_DIR, 'test-results');
export const ADMIN_EMAIL = 'admin@e2e.test';
export const ADMIN_PASSWORD = 'correct-horse-battery-9';
/** Signs the ElevenLabs post-call webhooks the tests send (e2e/elevenlabs.mjs). */
export const ELEVENLABS_WEBHOOK_SECRET = 'wsec_e2e_0123456789';

const BIN = path.resolve(WEB_DIR, process.env.SWITCHBOARD_BIN ?? '../target/debug/switchboard');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const DIST = path.join(WEB_DIR, 'dist');
const HEALTH_DEADLINE_MS = 60_000;

mkdirSync(RESULTS_DIR, { recursive: true });

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts `$SWITCHBOARD_BIN serve` and waits for GET /health to answer 200.
 * Returns { baseUrl, stop() }. The server log goes to test-results/server-<name>.log.
 * `env` adds (or overrides) environment variables, e.g. SWITCHBOARD__ELEVENLABS__BASE_URL.
 */
export async function startServer(name, { env = {} } = {}) {
  if (!existsSync(BIN)) throw new Error(`server binary not found: ${BIN} (set SWITCHBOARD_BIN)`);
  if (!existsSync(path.join(DIST, 'index.html'))) throw new Error(`${DIST}/index.html missing: run npm run build first`);
  const port = await freePort();
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'switchboard-e2e-'));
  const baseUrl = `http://127.0.0.1:${port}`;
  const logPath = path.join(RESULTS_DIR, `server-${name}.log`);
  const log = createWriteStream(logPath);
  const child = spawn(BIN, ['serve'], {
    cwd: tmp,
    env: {
      ...process.env,
      DATABASE_URL: `sqlite://${tmp}/e2e.db?mode=rwc`,
      PORT: String(port),
      HOST: '127.0.0.1',
      SWITCHBOARD__WEB__DIST_DIR: DIST,
      SWITCHBOARD__BOOTSTRAP__ADMIN_EMAIL: ADMIN_EMAIL,
      SWITCHBOARD__BOOTSTRAP__ADMIN_PASSWORD: ADMIN_PASSWORD,
      SWITCHBOARD__SERVER__PUBLIC_URL: baseUrl,
      SWITCHBOARD__ELEVENLABS__WEBHOOK_SECRET: ELEVENLABS_WEBHOOK_SECRET,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  let exited = null;
  const exitPromise = new Promise((resolve) =>
    child.on('exit', (code, signal) => {
      exited = { code, signal };
      resolve(exited);
    }),
  );

  const deadline = Date.now() + HEALTH_DEADLINE_MS;
  for (;;) {
    if (exited) throw new Error(`server exited early (${JSON.stringify(exited)}); see ${logPath}`);
    try {
      const res = await fetch(`${baseUrl}/health`);
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server did not answer /health within 60 s; see ${logPath}`);
    }
    await sleep(250);
  }

  return {
    baseUrl,
    logPath,
    async stop() {
      if (!exited) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exitPromise;
        clearTimeout(timer);
      }
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * A fresh browser context (own cookies) with the theme preset in localStorage.
 * Page errors and failed API calls are collected in `ctx.problems` for assertions and debugging.
 */
export async function newContext(browser, baseUrl, { theme = 'light' } = {}) {
  const ctx = await browser.newContext({
    baseURL: baseUrl,
    viewport: { width: 1280, height: 800 },
    colorScheme: theme === 'dark' ? 'dark' : 'light',
  });
  await ctx.addInitScript((t) => {
    try {
      localStorage.setItem('switchboard-theme', t);
    } catch {
      /* about:blank */
    }
  }, theme);
  ctx.setDefaultTimeout(15_000);
  ctx.problems = [];
  ctx.on('page', (page) => watchPage(page, ctx.problems));
  return ctx;
}

function watchPage(page, problems) {
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  // Content-Security-Policy violations show up only as console errors.
  page.on('console', (msg) => {
    if (msg.type() === 'error' && /Content Security Policy/i.test(msg.text())) problems.push(`csp: ${msg.text()}`);
  });
  page.on('response', (res) => {
    const url = res.url();
    if (url.includes('/api/') && res.status() >= 500) problems.push(`${res.status()} ${res.request().method()} ${url}`);
  });
}

/** Signs in through the login page and waits for the dashboard. */
export async function loginUI(page, email, password) {
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.locator('#password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('dashboard-page').waitFor();
}

/**
 * Registers a self-service customer through the sign-up form, opens the verification link from
 * the outbox as the signed-in platform admin `admin`, and signs the owner in on `page`.
 */
export async function registerCustomerUI(page, admin, owner) {
  await page.goto('/register');
  await page.getByLabel('Company name').fill(owner.company);
  await page.getByLabel('Your name').fill(owner.name);
  await page.getByLabel('Work email').fill(owner.email);
  await page.getByLabel('Password').fill(owner.password);
  await page.getByTestId('register-submit').click();
  await page.getByTestId('register-success').waitFor();
  await page.goto(await linkFromOutboxUI(admin, { to: owner.email, pathPrefix: '/verify-email' }));
  await page.getByTestId('verify-success').waitFor();
  await loginUI(page, owner.email, owner.password);
}

/** Signs a context in through the API (cookie lands in the context). Returns Me. */
export async function loginAPI(ctx, email, password) {
  const res = await ctx.request.post('/api/v1/auth/login', { data: { email, password } });
  if (res.status() !== 200) throw new Error(`login ${email}: HTTP ${res.status()} ${await res.text()}`);
  return res.json();
}

/**
 * Opens the email outbox as the signed-in admin (UI), opens the newest email to `to` whose
 * subject matches `subject`, and returns the first link in its body. Retries while the email is
 * not there yet.
 */
export async function linkFromOutboxUI(page, { to, subject, pathPrefix }) {
  const deadline = Date.now() + 20_000;
  for (;;) {
    await page.goto('/admin/outbox');
    await page.locator('[data-testid=outbox-table], [data-testid=empty-state]').first().waitFor();
    const rows = page.locator(`[data-testid=outbox-row][data-to="${to}"]`);
    const candidates = subject ? rows.filter({ hasText: subject }) : rows;
    if ((await candidates.count()) > 0) {
      await candidates.first().getByTestId('outbox-open').click();
      await page.getByTestId('email-body-text').waitFor();
      const hrefs = await page.getByTestId('email-link').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      const link = hrefs.find((h) => !pathPrefix || new URL(h).pathname.startsWith(pathPrefix));
      if (!link) throw new Error(`email to ${to} has no link starting with ${pathPrefix}: ${hrefs.join(', ')}`);
      return link;
    }
    if (Date.now() > deadline) throw new Error(`no email to ${to} in the outbox`);
    await sleep(500);
  }
}

export async function screenshot(page, name) {
  const file = path.join(RESULTS_DIR, `${name}.png`);
  // Let fonts, charts and transitions settle.
  await page.waitForTimeout(250);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

export function unique(prefix) {
  return `${prefix}-${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
}
