/**
 * The page of `vbrwall serve` in Debian's Chromium, driven by playwright-core, as a person uses
 * it: the example's diagram, an error at its line and its fix, the nftables rules (compared with
 * `vbrwall render`), an audit with a blocked flow, the checks, keyboard use, and the time from
 * page load to a drawn diagram for the example and for 500 hosts. Screenshots of each step go to
 * test-artifacts/web/.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run as cli } from '../../src/cli/main.js';
import type { Io } from '../../src/cli/io.js';
import { startServer, type RunningServer } from '../../src/server/index.js';
import { ROOT } from '../helpers.js';

const ARTIFACTS = join(ROOT, 'test-artifacts', 'web');
const CHROMIUM = '/usr/bin/chromium';
const EXAMPLE = readFileSync(join(ROOT, 'examples', 'four-zone.yaml'), 'utf8');
const hasChromium = existsSync(CHROMIUM);

async function vbrwall(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: Io = { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s), cwd: ROOT };
  return { code: await cli(argv, io), stdout, stderr };
}

let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const problems: string[] = [];
/** The servers this test started: the only places the page may load anything from. */
const servers: string[] = [];
const figures: string[] = [];

const shot = (name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });

/** Milliseconds from navigation start to the diagram's first drawing, as the page records it. */
async function drawnAfterLoad(p: Page, timeout = 60_000): Promise<number> {
  await p.waitForSelector('svg.diagram[data-drawn-at]', { timeout });
  return Number(await p.getAttribute('svg.diagram', 'data-drawn-at'));
}

describe.skipIf(!hasChromium)('the page in Chromium', () => {
  beforeAll(async () => {
    if (!existsSync(join(ROOT, 'dist', 'web', 'index.html'))) {
      const b = spawnSync('npm', ['run', '--silent', 'build:web'], { cwd: ROOT, encoding: 'utf8' });
      if (b.status !== 0) throw new Error(`npm run build:web failed:\n${b.stdout}\n${b.stderr}`);
    }
    mkdirSync(ARTIFACTS, { recursive: true });
    server = await startServer({ port: 0 });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    context = await browser.newContext({ viewport: { width: 1600, height: 950 }, acceptDownloads: true });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url.replace(/\/$/, '') });
    page = await context.newPage();
    page.on('console', (m) => {
      // The broken deployment of a step below is answered with 400, as it should be; Chromium logs that.
      if (m.type() === 'error' && !/status of 400 \(Bad Request\)/.test(m.text())) problems.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    // Nothing may be loaded from anywhere but the server: the page works offline.
    servers.push(server.url);
    await context.route('**/*', (route) => (servers.some((u) => route.request().url().startsWith(u)) ? route.continue() : (problems.push(`outside request: ${route.request().url()}`), route.abort())));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (figures.length) console.log(`\nTime from page load to a drawn diagram (Chromium ${browser?.version() ?? ''}):\n${figures.map((f) => `  ${f}`).join('\n')}\n`);
  });

  it('opens on the bundled example: every zone and every host is in the diagram', async () => {
    await page.goto(server.url);
    const ms = await drawnAfterLoad(page);
    figures.push(`four-zone example (16 hosts, 56 flows): ${ms} ms`);
    const model = (await (await fetch(`${server.url}api/model`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ deployment: EXAMPLE }) })).json()) as { zones: { name: string }[]; hosts: { name: string }[] };
    for (const z of model.zones) await expect(page.locator(`svg.diagram [data-zone="${z.name}"]`).isVisible(), z.name).resolves.toBe(true);
    for (const h of model.hosts) await expect(page.locator(`svg.diagram [data-host="${h.name}"]`).isVisible(), h.name).resolves.toBe(true);
    expect(await page.locator('svg.diagram [data-host]').count()).toBe(model.hosts.length);
    expect(await page.locator('svg.diagram [data-edge]').count()).toBeGreaterThan(20);
    await expect(page.locator('[data-testid=status]').textContent()).resolves.toContain('16 hosts');
    await shot('01-example');
  });

  it('a host shows its flows with purposes and sources; the keyboard selects too', async () => {
    await page.locator('svg.diagram [data-host="repo01"]').click();
    const details = page.locator('[data-details-host="repo01"]');
    await details.waitFor();
    await details.locator('.flow summary').first().click();
    await expect(details.locator('.flow .purpose').first().textContent()).resolves.toMatch(/\w/);
    await expect(details.locator('.flow .source').first().textContent()).resolves.toMatch(/\.md/);
    await shot('02-host-details');
    await page.locator('svg.diagram [data-host="vbr01"]').focus();
    await page.keyboard.press('Enter');
    await page.locator('[data-details-host="vbr01"]').waitFor();
    await page.keyboard.press('Escape');
    // An edge: its flows.
    await page.locator('svg.diagram [data-edge] .edge-hit').first().dispatchEvent('click');
    await page.locator('[data-details-edge]').waitFor();
    await page.locator('svg.diagram').focus();
    await page.keyboard.press('Escape');
  });

  it('a broken deployment shows the error at its line; fixing it clears it', async () => {
    const lineNo = EXAMPLE.split('\n').findIndex((l) => l.trimStart().startsWith('proxy01:')) + 1;
    const line = page.locator('.cm-content .cm-line').nth(lineNo - 1);
    await expect(line.textContent()).resolves.toContain('vmware-proxy');
    await line.click();
    await page.keyboard.press('End');
    const tail = '], transport: [network] }';
    for (let i = 0; i < tail.length; i++) await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Backspace');
    await page.keyboard.type('i');
    await page.keyboard.press('Escape');
    const item = page.locator(`[data-testid=problems] li.problem.error[data-code="MODEL_UNKNOWN_ROLE"]`);
    await item.waitFor({ timeout: 10_000 });
    await expect(item.getAttribute('data-line')).resolves.toBe(String(lineNo));
    await expect(item.textContent()).resolves.toContain("did you mean 'vmware-proxy'");
    // The mark is in the editor, on that line.
    await page.locator('.cm-content .cm-line').nth(lineNo - 1).locator('.cm-lintRange-error').waitFor();
    await expect(page.locator('[data-testid=status]').textContent()).resolves.toMatch(/1 error/);
    await shot('03-error-at-line');

    await page.locator('.cm-content .cm-line').nth(lineNo - 1).click();
    await page.keyboard.press('End');
    for (let i = 0; i < tail.length; i++) await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Backspace');
    await page.keyboard.type('y');
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => document.querySelector('[data-testid=status]')?.textContent?.includes('valid'), undefined, { timeout: 10_000 });
    expect(await page.locator('[data-testid=problems] li.problem.error').count()).toBe(0);
    // The page remembers the deployment in this browser.
    await page.waitForFunction((t) => localStorage.getItem('vbrwall.deployment') === t, EXAMPLE, { timeout: 5000 });
    await shot('04-fixed');
  });

  it('completes from the JSON Schema', async () => {
    const lineNo = EXAMPLE.split('\n').findIndex((l) => l.trimStart().startsWith('features:')) + 1;
    await page.locator('.cm-content .cm-line').nth(lineNo).click();
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('back');
    const option = page.locator('.cm-tooltip-autocomplete li', { hasText: 'backup-copy' });
    await option.waitFor({ timeout: 5000 });
    await shot('05-completion');
    await page.keyboard.press('Escape');
    // Back to the bundled example, as a user would.
    await page.getByRole('button', { name: 'Example', exact: true }).click();
    await page.waitForFunction((t) => localStorage.getItem('vbrwall.deployment') === t, EXAMPLE, { timeout: 5000 });
  });

  it('rules: the nftables text is what `vbrwall render --target nftables` prints; copy and download', async () => {
    await page.locator('#tab-rules').click();
    await page.locator('[data-testid=target]').selectOption('nftables');
    await page.locator('.rules-output[data-target="nftables"] .cm-content').waitFor();
    const c = await vbrwall('render', 'examples/four-zone.yaml', '--target', 'nftables', '--allow-partial');
    expect(c.code).toBe(0);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download', exact: true }).click()]);
    expect(download.suggestedFilename()).toBe('zone-firewall.nft');
    const downloaded = readFileSync((await download.path())!, 'utf8');
    expect(downloaded).toBe(c.stdout);
    await page.getByRole('button', { name: 'Copy', exact: true }).click();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe(c.stdout);
    await expect(page.locator('.rules-output .cm-content').textContent()).resolves.toContain('policy drop');
    await shot('06-rules-nftables');
  });

  it('audit: a ruleset with one rule removed shows a blocked flow, here and on the diagram', async () => {
    const info = (await (await fetch(`${server.url}api/info`)).json()) as { auditFormats: string[] };
    if (!info.auditFormats.length) {
      console.log('audit: not in this build (no audit formats); skipped');
      return;
    }
    const c = await vbrwall('render', 'examples/four-zone.yaml', '--target', 'nftables', '--allow-partial');
    const lines = c.stdout.split('\n');
    // The one rule for the cloud gateway's connections to the backup server (6169, 8190-8191).
    const i = lines.findIndex((l) => /accept/.test(l) && /6169/.test(l));
    expect(i).toBeGreaterThan(0);
    const removed = lines[i]!;
    const ruleset = [...lines.slice(0, i), ...lines.slice(i + 1)].join('\n');
    await page.locator('#tab-audit').click();
    await page.locator('[data-testid=ruleset-input]').setInputFiles({ name: 'zone-firewall.nft', mimeType: 'text/plain', buffer: Buffer.from(ruleset) });
    const blocked = page.locator('.audit-flows tr[data-status="blocked"]');
    await blocked.first().waitFor({ timeout: 20_000 });
    expect(await blocked.count()).toBeGreaterThan(0);
    // The removed rule's flow is blocked (vbr01 → s3 is too: nftables cannot match a DNS name).
    await shot('07-audit');
    expect(await blocked.filter({ hasText: 'ccgw01' }).filter({ hasText: '6169' }).count(), (await page.locator('.audit-flows').textContent()) ?? '').toBeGreaterThan(0);
    await shot('07-audit');
    await page.locator('#tab-diagram').click();
    await page.locator('svg.diagram [data-edge][data-status="blocked"]').first().waitFor({ timeout: 10_000 });
    expect(await page.locator('svg.diagram [data-edge][data-status="blocked"][data-names*="ccgw01"]').count()).toBeGreaterThan(0);
    await shot('08-audit-on-diagram');
    expect(removed).toContain('6169');
  });

  it('checks: findings with status and source; the zone matrix', async () => {
    await page.locator('#tab-checks').click();
    await page.locator('.finding').first().waitFor();
    expect(await page.locator('.finding[data-status="not-implemented"], .finding[data-status="unable-to-detect"]').count()).toBeGreaterThan(0);
    await expect(page.locator('.finding .source').first().textContent()).resolves.toMatch(/\.md/);
    await shot('09-checks');
    await page.locator('#tab-matrix').click();
    await page.locator('table.matrix td.has').first().waitFor();
    await page.locator('table.matrix td[data-cell="backup-data>management"] button').click();
    await page.locator('.matrix-details .flow').first().waitFor();
    await shot('10-matrix');
    // Tabs follow the arrow keys.
    await page.locator('#tab-matrix').focus();
    await page.keyboard.press('ArrowLeft');
    await expect(page.locator('#tab-diagram').getAttribute('aria-selected')).resolves.toBe('true');
  });

  it('with a FILE: saves edits back (Ctrl-S) and follows a change made on disk', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vbrwall-web-file-'));
    const path = join(dir, 'site.yaml');
    writeFileSync(path, EXAMPLE);
    const s = await startServer({ port: 0, file: { path, name: 'site.yaml' } });
    servers.push(s.url);
    const p = await context.newPage();
    p.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    try {
      await p.goto(s.url);
      await drawnAfterLoad(p);
      await expect(p.locator('.source-badge').textContent()).resolves.toBe('site.yaml');
      const nameLine = EXAMPLE.split('\n').findIndex((l) => l.startsWith('name:'));
      await p.locator('.cm-content .cm-line').nth(nameLine).click();
      await p.keyboard.press('End');
      await p.keyboard.type(' (edited)');
      await p.waitForFunction(() => document.querySelector('.source-badge')?.textContent?.includes('unsaved'));
      await p.keyboard.press('Control+s');
      await waitUntil(() => readFileSync(path, 'utf8').includes('Four-zone reference design (edited)'));
      await p.waitForFunction(() => document.querySelector('.source-badge')?.textContent === 'site.yaml');
      expect(readdirSync(dir)).toEqual(['site.yaml']);
      // Another editor changes the file: the page reloads it.
      writeFileSync(path, EXAMPLE.replace('Four-zone reference design', 'Changed on disk'));
      await p.waitForFunction(() => document.querySelector('.doc-title h1')?.textContent === 'Changed on disk', undefined, { timeout: 10_000 });
      await p.screenshot({ path: join(ARTIFACTS, '11-file-reloaded.png') });
    } finally {
      await p.close();
      await s.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('500 hosts: the diagram is drawn and usable; time from load to drawing', async () => {
    // bench/gen-large.mjs reads the built catalog (dist/), as after `npm run build`.
    const { largeDeployment } = (await import(pathToFileURL(join(ROOT, 'bench', 'gen-large.mjs')).href)) as { largeDeployment: (hosts: number, zones: number) => string };
    const large = largeDeployment(500, 10);
    const p = await context.newPage();
    p.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    await p.addInitScript((t) => localStorage.setItem('vbrwall.deployment', t), large);
    await p.goto(server.url);
    const ms = await drawnAfterLoad(p, 120_000);
    const hosts = await p.locator('svg.diagram [data-host]').count();
    const flows = (await p.locator('[data-testid=status]').textContent()) ?? '';
    figures.push(`500-host deployment (${flows.replace(/^valid · /, '')}): ${ms} ms`);
    expect(hosts).toBe(500);
    expect(await p.getAttribute('svg.diagram', 'data-zone-edges')).toBe('1');
    await p.screenshot({ path: join(ARTIFACTS, '12-large-500-hosts.png') });
    await p.getByRole('button', { name: 'Collapse zones' }).click();
    await p.locator('svg.diagram [data-collapsed-zone]').first().waitFor();
    await p.waitForTimeout(300);
    await p.screenshot({ path: join(ARTIFACTS, '13-large-collapsed.png') });
    await p.getByRole('button', { name: 'Expand zones' }).click();
    await p.locator('svg.diagram [data-host="backup-server-0000"]').waitFor();
    // Select a host: its own flows are drawn and listed.
    await p.locator('svg.diagram [data-host="backup-server-0000"]').focus();
    await p.keyboard.press('Enter');
    await p.locator('[data-details-host="backup-server-0000"]').waitFor();
    await p.screenshot({ path: join(ARTIFACTS, '14-large-selected.png') });
    await p.close();
  });

  it('had no console error, no CSP violation and no request outside the server', () => {
    expect(problems).toEqual([]);
  });
});

async function waitUntil(cond: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}
