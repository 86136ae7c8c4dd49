import { TestStack } from '@saas/testing';
import type { Page } from 'playwright-core';
import { eventually, uniqueSuffix } from '../support/fixtures';
import { TestBrowser } from '../support/browser';

// The console in a real Chromium against the whole platform (worker and Docker included):
// what a customer does first, end to end, through the forms.

/** Access tokens live this long here, so the console refreshes one during the test. */
const TOKEN_SECONDS = 40;

/** Before any page script: record every value a progress bar shows, and mark the document (a reload loses the mark). */
const RECORD_PROGRESS = `
  window.__progress = [];
  window.__documentId = Math.random();
  new MutationObserver((records) => {
    for (const record of records) {
      const target = record.target;
      if (target instanceof Element && target.getAttribute('role') === 'progressbar') window.__progress.push(Number(target.getAttribute('aria-valuenow')));
      for (const node of record.addedNodes) {
        if (node instanceof Element) for (const bar of node.querySelectorAll('[role=progressbar]')) window.__progress.push(Number(bar.getAttribute('aria-valuenow')));
      }
    }
  }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-valuenow'] });
`;

// Browser-side expressions are strings: this file is compiled without the DOM's types.
const storedSession = (page: Page) => page.evaluate<string | null>("window.localStorage.getItem('saas.session')");
const titleStatus = (page: Page, status: string) => page.locator(`.title-row [data-status="${status}"]`);

async function signUpThroughTheForm(page: Page, baseUrl: string, name: string): Promise<string> {
  const email = `${name.toLowerCase()}-${uniqueSuffix()}@example.test`;
  await page.goto(`${baseUrl}/`);
  await page.getByRole('link', { name: 'Create an account' }).click();
  await page.getByLabel('Your name').fill(name);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(`pw-${uniqueSuffix()}-long-enough`);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('heading', { name: 'New organization' }).waitFor();
  return email;
}

describe('the customer console in a browser', () => {
  let stack: TestStack;
  let browser: TestBrowser;
  let baseUrl: string;

  beforeAll(async () => {
    stack = await TestStack.start({ serviceEnv: { auth: { ACCESS_TOKEN_TTL_SECONDS: String(TOKEN_SECONDS) } } });
    baseUrl = stack.url('gateway', '').replace(/\/$/, '');
    browser = await TestBrowser.launch();
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.teardown();
  });

  let tenantPath = '';

  it('signs up, creates an organization and an instance, sees it RUNNING live with a moving progress bar, stops it', async () => {
    const page = await browser.newPage();
    await page.context().addInitScript(RECORD_PROGRESS);
    await signUpThroughTheForm(page, baseUrl, 'Owner');
    await browser.screenshot(page, 'console-create-organization');

    await page.getByLabel('Name').fill('Acme Browser');
    await page.getByRole('button', { name: 'Create organization' }).click();
    await page.getByRole('heading', { name: 'Instances' }).waitFor();
    tenantPath = new URL(page.url()).pathname.replace(/\/instances$/, '');
    expect(await page.getByRole('combobox', { name: 'Organization' }).inputValue()).toBe(tenantPath.split('/')[2]);

    await page.getByRole('link', { name: 'New instance' }).click();
    await page.getByLabel('Name').fill('Shop');
    await page.getByLabel('Subdomain').fill(`shop-${uniqueSuffix()}`);
    await page.getByLabel('Modules').fill('sale, crm');
    await browser.screenshot(page, 'console-create-instance');
    const firstSession = await storedSession(page);
    await page.getByRole('button', { name: 'Create instance' }).click();

    await page.getByRole('heading', { name: 'Shop' }).waitFor();
    const documentId = await page.evaluate<number>('window.__documentId');
    await titleStatus(page, 'RUNNING').waitFor({ timeout: 180_000 });
    const progress = await page.evaluate<number[]>('window.__progress');
    expect(new Set(progress).size).toBeGreaterThanOrEqual(2);
    expect(progress.some((value) => value > 0 && value < 100)).toBe(true);
    await expect(page.getByText(/^https:\/\/shop-/).first().isVisible()).resolves.toBe(true);
    await browser.screenshot(page, 'console-instance-running');

    // A custom domain waits for its DNS; a name the server refuses shows the server's message.
    const domain = `erp-${uniqueSuffix()}.example.test`;
    const domains = page.getByRole('region', { name: 'Custom domains' });
    await domains.getByLabel('Domain', { exact: true }).fill(domain);
    await domains.getByRole('button', { name: 'Add domain' }).click();
    await domains.locator(`[data-domain="${domain}"] [data-status="PENDING_VERIFICATION"]`).waitFor();
    await domains.getByLabel('Domain', { exact: true }).fill('not a domain');
    await domains.getByRole('button', { name: 'Add domain' }).click();
    expect(await domains.getByRole('alert').getAttribute('data-code')).toBe('BAD_USER_INPUT');
    expect(await domains.getByRole('alert').textContent()).toContain('"not a domain" is not a valid domain name');
    // The live log shows the container's lines while open, and unsubscribes when closed.
    const logs = page.getByRole('region', { name: 'Live logs' });
    await logs.getByRole('button', { name: 'Show live logs' }).click();
    await logs.locator('.log li[data-stream]').first().waitFor();
    await browser.screenshot(page, 'console-instance-panels');
    await logs.getByRole('button', { name: 'Hide live logs' }).click();
    expect(await logs.getByRole('list', { name: 'Log lines' }).count()).toBe(0);

    // The access token expires during the test: the console refreshed it on its own, and the
    // socket came back with the new one (the status change below arrives over it).
    await eventually(async () => ((await storedSession(page)) !== firstSession ? true : undefined), (TOKEN_SECONDS + 30) * 1000, 'a refreshed session');
    await page.getByRole('button', { name: 'Stop', exact: true }).click();
    await page.getByRole('button', { name: 'Stop Shop' }).click();
    await titleStatus(page, 'STOPPED').waitFor({ timeout: 120_000 });
    await browser.screenshot(page, 'console-instance-stopped');
    // No reload happened: the same document saw every change.
    expect(await page.evaluate<number>('window.__documentId')).toBe(documentId);
    expect(browser.pageErrors.filter((line) => !/WebSocket|4205|Failed to load resource/.test(line))).toEqual([]);

    for (const [link, heading, shot] of [
      ['Members', 'Members', 'console-members'],
      ['Billing', 'Billing', 'console-billing'],
      ['Audit log', 'Audit log', 'console-audit-log'],
    ] as const) {
      await page.getByRole('navigation', { name: 'Organization' }).getByRole('link', { name: link }).click();
      await page.getByRole('heading', { name: heading, exact: true }).waitFor();
      await browser.screenshot(page, shot);
    }
    // The audit log is written from events (eventually consistent): wait for the entry to show.
    await page.getByText('instance.create').first().waitFor();

    // Logging out revokes the session and forgets it: signed-in pages ask to sign in again.
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await storedSession(page)).toBeNull();
    await page.goto(`${baseUrl}${tenantPath}/instances`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  });

  it("does not show one customer's organization to another", async () => {
    expect(tenantPath).not.toBe('');
    const page = await browser.newPage();
    await signUpThroughTheForm(page, baseUrl, 'Stranger');
    const options = await page.getByRole('combobox', { name: 'Organization' }).locator('option').allTextContents();
    expect(options.some((option) => option.includes('Acme Browser'))).toBe(false);
    await page.goto(`${baseUrl}${tenantPath}/instances`);
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.getAttribute('data-code')).toBe('FORBIDDEN');
    expect(await page.getByText('Shop').count()).toBe(0);
    await browser.screenshot(page, 'console-forbidden');
  });

  it('is usable 375 px wide', async () => {
    const page = await browser.newPage({ width: 375, height: 740 });
    await signUpThroughTheForm(page, baseUrl, 'Phone');
    await page.getByLabel('Name').fill('Pocket Org');
    await page.getByRole('button', { name: 'Create organization' }).click();
    await page.getByRole('heading', { name: 'Instances' }).waitFor();
    await page.getByRole('link', { name: 'New instance' }).click();
    await page.getByLabel('Name').waitFor();
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    // Keyboard only: the fields are reachable with Tab and labelled.
    await page.getByLabel('Name').focus();
    await page.keyboard.type('Tiny');
    await page.keyboard.press('Tab');
    expect(await page.evaluate<string | undefined>('document.querySelector(`label[for="${document.activeElement.id}"]`)?.textContent')).toBe('Subdomain');
    await browser.screenshot(page, 'console-375px-create-instance');
  });
});
