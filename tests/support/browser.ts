import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

const REPO_ROOT = path.resolve(__dirname, '../..');
/** Screenshots of browser tests (git-ignored): open them to see what a person saw. */
export const SCREENSHOT_DIR = path.join(REPO_ROOT, '.run', 'test-artifacts', 'screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// Without the background-networking flags Chromium keeps calling Google's hosts, which this
// machine's closed network refuses. Playwright gives each launch a fresh --user-data-dir.
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--no-first-run', '--disable-sync', '--disable-component-update'];

export interface PageOptions {
  width?: number;
  height?: number;
}

/**
 * Debian's Chromium driven by playwright-core. Each page gets a context of its own (no
 * storage shared with other pages), and may only reach this machine.
 */
export class TestBrowser {
  /** Requests a page tried to send off this machine (aborted): a CDN asset would show here. */
  readonly offMachineRequests: string[] = [];
  /** Errors thrown in pages and `console.error` lines, for assertions and debugging. */
  readonly pageErrors: string[] = [];
  private readonly contexts: BrowserContext[] = [];

  private constructor(private readonly browser: Browser) {}

  static async launch(): Promise<TestBrowser> {
    return new TestBrowser(await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS }));
  }

  /** A page in a new context (fresh storage), 1280 x 800 unless told. */
  async newPage(options: PageOptions = {}): Promise<Page> {
    const context = await this.browser.newContext({ viewport: { width: options.width ?? 1280, height: options.height ?? 800 } });
    this.contexts.push(context);
    await context.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (['http:', 'https:'].includes(url.protocol) && !isLoopback(url.hostname)) {
        this.offMachineRequests.push(url.toString());
        return route.abort('blockedbyclient');
      }
      return route.continue();
    });
    const page = await context.newPage();
    // Two shared cores: a page waits for what it expects rather than fail on a busy machine.
    page.setDefaultTimeout(90_000);
    page.on('pageerror', (error) => this.pageErrors.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') this.pageErrors.push(`console.error: ${message.text()}`);
    });
    page.on('websocket', (socket) => {
      if (!isLoopback(new URL(socket.url()).hostname)) this.offMachineRequests.push(socket.url());
    });
    return page;
  }

  async screenshot(page: Page, name: string): Promise<string> {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    const file = path.join(SCREENSHOT_DIR, `${name}.png`);
    await page.screenshot({ path: file, fullPage: true });
    return file;
  }

  async close(): Promise<void> {
    await Promise.all(this.contexts.map((context) => context.close().catch(() => undefined)));
    await this.browser.close().catch(() => undefined);
  }
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}
