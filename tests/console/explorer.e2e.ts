import http from 'node:http';
import { dataOf, freePort, graphql, TestStack } from '@saas/testing';
import type { Page } from 'playwright-core';
import { createInstance, createTenant, eventually, signUp } from '../support/fixtures';
import { TestBrowser } from '../support/browser';

// The offline API explorer: GraphiQL built from npm into the console's static files and
// served by the gateway to a browser opening /graphql. Every request the page makes off this
// machine is aborted and recorded, so a CDN asset would fail the test.

/**
 * The JSON GraphiQL shows in its response pane, without any white space (Monaco wraps long
 * lines and renders only visible ones; the results here are short).
 */
async function waitForResponse(page: Page, expected: RegExp): Promise<string> {
  return eventually(
    async () => {
      const text = (await page.locator('.result-window').innerText()).replace(/\s+/g, '');
      return expected.test(text) ? text : undefined;
    },
    60_000,
    `the response pane to match ${expected.source}`,
  );
}

/** Replaces the text of a Monaco editor as a paste would (no auto-closed brackets or quotes). */
async function replaceEditorText(page: Page, editorLabel: string, text: string): Promise<void> {
  const editor = page.locator(`section[aria-label="${editorLabel}"] .graphiql-editor:not(.hidden) .view-lines`).first();
  await editor.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text);
}

/** A page of another origin (a console served elsewhere) that calls the API with fetch. */
function startOtherSite(port: number): Promise<http.Server> {
  const server = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>elsewhere</title>'));
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

describe('the offline GraphiQL at /graphql, and CORS', () => {
  let stack: TestStack;
  let browser: TestBrowser;
  let site: http.Server;
  let siteOrigin: string;

  beforeAll(async () => {
    const sitePort = await freePort();
    siteOrigin = `http://127.0.0.1:${sitePort}`;
    site = await startOtherSite(sitePort);
    // No worker: an operation stays QUEUED, which is all the subscription test needs.
    stack = await TestStack.start({
      services: ['auth', 'tenant', 'user', 'billing', 'instance', 'gateway'],
      serviceEnv: { gateway: { CORS_ORIGINS: `${siteOrigin},https://studio.apollographql.com` } },
    });
    browser = await TestBrowser.launch();
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.teardown();
    await new Promise((resolve) => site?.close(resolve));
  });

  it('is what a browser gets at /graphql, while API clients and Apollo Sandbox keep theirs', async () => {
    const page = await fetch(stack.gatewayUrl, { headers: { accept: 'text/html,application/xhtml+xml' } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('API explorer');
    expect(html).not.toMatch(/<(script|link)[^>]+(src|href)="https?:/);

    const sandbox = await (await fetch(`${stack.gatewayUrl}?sandbox`, { headers: { accept: 'text/html' } })).text();
    expect(sandbox).toContain('EmbeddedSandbox');

    // The console owns every other page a browser opens (the links of mails included).
    for (const pathname of ['/', '/verify-email?token=abc', '/invitations/accept?token=abc']) {
      const consolePage = await fetch(stack.url('gateway', pathname), { headers: { accept: 'text/html' } });
      expect(await consolePage.text()).toContain('<title>odoo-saas console</title>');
    }
    expect((await fetch(stack.url('gateway', '/assets/missing.js'))).status).toBe(404);
    expect((await fetch(stack.url('gateway', '/health'))).status).toBe(200);

    const api = await fetch(stack.gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify({ query: '{ plans { code } }' }) });
    expect(((await api.json()) as { data: { plans: unknown[] } }).data.plans.length).toBeGreaterThan(0);
  });

  it('renders the schema and runs { plans { code } } without the internet', async () => {
    const expected = dataOf(await graphql<{ plans: Array<{ code: string }> }>(stack.gatewayUrl, '{ plans { code } }')).plans.map((plan) => plan.code);
    const page = await browser.newPage();
    await page.goto(`${stack.gatewayUrl}?query=${encodeURIComponent('{ plans { code } }')}`);

    // The explorer plugin lists the root fields once the schema is introspected.
    await page.getByText('plans', { exact: true }).first().waitFor();
    for (const field of ['instance', 'tenant', 'me']) await page.getByText(field, { exact: true }).first().waitFor();
    await page.getByRole('button', { name: 'Show Documentation Explorer' }).click();
    await page.getByText('Root Types').waitFor({ timeout: 60_000 });
    for (const root of ['Query', 'Mutation', 'Subscription']) await page.getByText(root, { exact: true }).first().waitFor();

    await page.getByRole('button', { name: /Execute query/ }).click();
    const response = await waitForResponse(page, /"code"/);
    for (const code of expected) expect(response).toContain(`"code":"${code}"`);
    await browser.screenshot(page, 'explorer-plans');
    expect(browser.offMachineRequests).toEqual([]);
  });

  it('runs a subscription over graphql-ws with the token of the headers editor', async () => {
    const owner = await signUp(stack.gatewayUrl, 'explorer');
    const tenant = await createTenant(stack.gatewayUrl, owner, 'Explorer Org');
    const operation = dataOf(await createInstance(stack.gatewayUrl, owner, { tenantId: tenant.id, name: 'Explored' })).createInstance;
    const subscription = 'subscription Progress($id: ID!) { operationProgress(operationId: $id) { id type status progress } }';
    const page = await browser.newPage();
    await page.goto(`${stack.gatewayUrl}?query=${encodeURIComponent(subscription)}&variables=${encodeURIComponent(JSON.stringify({ id: operation.id }))}`);
    await page.getByText('operationProgress').first().waitFor();

    await page.getByRole('button', { name: 'Headers' }).click();
    await replaceEditorText(page, 'Headers', JSON.stringify({ Authorization: `Bearer ${owner.accessToken}` }));
    await page.getByRole('button', { name: /Execute query/ }).click();

    // operationProgress starts with the operation as it is now: QUEUED (no worker runs here).
    const response = await waitForResponse(page, /"status":"QUEUED"/);
    expect(response).toContain(`"id":"${operation.id}"`);
    expect(response).toContain('"type":"CREATE"');
    await browser.screenshot(page, 'explorer-subscription');
    expect(browser.offMachineRequests).toEqual([]);
  });

  it('lets an allowed origin call the API from a browser, and no other', async () => {
    const preflight = await fetch(stack.gatewayUrl, {
      method: 'OPTIONS',
      headers: { origin: 'https://studio.apollographql.com', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://studio.apollographql.com');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('authorization');
    expect(preflight.headers.get('access-control-allow-credentials')).toBeNull();
    const refused = await fetch(stack.gatewayUrl, { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();

    const callApi = (page: Page, url: string) =>
      page.evaluate(async (target) => {
        try {
          const response = await fetch(target, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ plans { code } }' }) });
          return `ok ${((await response.json()) as { data: { plans: unknown[] } }).data.plans.length > 0}`;
        } catch (error) {
          return `refused ${(error as Error).name}`;
        }
      }, url);
    const allowed = await browser.newPage();
    await allowed.goto(`${siteOrigin}/`);
    expect(await callApi(allowed, stack.gatewayUrl)).toBe('ok true');
    // Same site, another origin (localhost is not 127.0.0.1): not in CORS_ORIGINS.
    const other = await browser.newPage();
    await other.goto(siteOrigin.replace('127.0.0.1', 'localhost'));
    expect(await callApi(other, stack.gatewayUrl)).toBe('refused TypeError');
  });
});
