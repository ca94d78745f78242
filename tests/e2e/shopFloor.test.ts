/**
 * The shop floor in Chromium against a real site server (`ponte serve`'s code on PGlite, serving
 * the built app): two tablets; one records entries offline, is reloaded (the tab killed) while
 * offline, comes back online and syncs without a tap; the server holds each entry once and the
 * other tablet shows them. Screenshots go to $SCREENSHOTS when it is set.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoFactory } from '../../src/demo/generator';
import { scheduleFrozenWeeks } from '../../src/engine/aps/index';
import { planMaster } from '../../src/engine/masterPlan/index';
import type { Factory, Plan, Schedule } from '../../src/domain/types';
import { enrollDevice } from '../../src/server/devices';
import { startSiteServer, type RunningServer } from '../../src/server/serve';
import { createHighsSolver } from '../../src/solver/highs';
import { launchBrowser } from './browser';

let server: RunningServer;
let browser: Browser;
let dataDir: string;
let publication: { factory: Factory; plan: Plan; schedule: Schedule };
const tokens: Record<string, string> = {};

const shots = process.env.SCREENSHOTS;
async function shot(page: Page, name: string) {
  if (shots) await page.screenshot({ path: join(shots, `${name}.png`), fullPage: false });
}

beforeAll(async () => {
  const factory = generateDemoFactory({ kind: 'food', size: 'S', seed: 4 });
  const { plan } = await planMaster(factory, await createHighsSolver(), { timeLimitSeconds: 2 });
  const { schedule } = scheduleFrozenWeeks(factory, plan, { seed: 1, maxIterations: 20 });
  publication = { factory, plan, schedule };
  dataDir = mkdtempSync(join(tmpdir(), 'ponte-e2e-serve-'));
  server = await startSiteServer({ port: 0, host: '127.0.0.1', dataDir, appDir: 'dist' });
  for (const [name, role] of [
    ['planner', 'planner'],
    ['Tablet A', 'supervisor'],
    ['Tablet B', 'supervisor'],
  ] as const) tokens[name] = (await enrollDevice(server.db, { site: 'valle', role, name })).token;
  const published = await fetch(`${server.url}/api/v1/sites/valle/plan`, { method: 'PUT', headers: { authorization: `Bearer ${tokens.planner}`, 'content-type': 'application/json' }, body: JSON.stringify(publication) });
  expect(published.status).toBe(200);
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function serverEntries() {
  const response = await fetch(`${server.url}/api/v1/sites/valle/entries?after=0&limit=1000`, { headers: { authorization: `Bearer ${tokens.planner}` } });
  return ((await response.json()) as { entries: { id: string; goodQty: number; corrects?: string; cause?: { code: string } }[] }).entries;
}

/** A tablet: the app from the site server, enrolled with its token, on the filling line. */
async function tablet(name: string, viewport: { width: number; height: number }): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport, hasTouch: true });
  const page = await context.newPage();
  await page.goto(server.url);
  await page.getByRole('button', { name: /^Shop floor/ }).click();
  await expect.poll(() => page.getByLabel('Server address').inputValue(), { timeout: 20_000 }).toBe(server.url);
  await shot(page, `${name}-1-setup`);
  await page.getByLabel('Device token').fill(tokens[name]!);
  await page.getByRole('button', { name: 'Connect' }).click();
  await page.getByRole('radio', { name: /filling/i }).first().check({ timeout: 20_000 });
  await page.getByRole('radio', { name: 'Whole day' }).check();
  await shot(page, `${name}-2-station`);
  await page.getByRole('button', { name: 'Show my operations' }).click();
  await expect.poll(() => page.getByRole('list', { name: 'Operations' }).getByRole('listitem').count(), { timeout: 20_000 }).toBeGreaterThan(1);
  return { context, page };
}

describe('the shop floor on two tablets', () => {
  let a: { context: BrowserContext; page: Page };
  const saved: string[] = [];

  it('records entries offline, keeps them through a reload, and syncs them when the network returns', async () => {
    a = await tablet('Tablet A', { width: 768, height: 1024 });
    const { page, context } = a;
    // Work offline only once the service worker controls the page.
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
      if (!navigator.serviceWorker.controller) await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
    });
    await shot(page, 'Tablet A-3-operations');
    await context.setOffline(true);

    const cards = page.getByRole('list', { name: 'Operations' }).getByRole('listitem');
    const first = cards.nth(0);
    const planned = async (card: typeof first) => Number(await card.locator('dt:text-is("Planned qty") + dd').textContent());
    // 1. As planned: no cause needed.
    await first.getByRole('button', { name: 'Start' }).click();
    await expect.poll(() => first.locator('.op-state').textContent()).toMatch(/^Running since/);
    await first.getByRole('button', { name: 'Finish' }).click();
    const dialog = page.getByRole('dialog');
    await fillTimesFromPlan(page, first);
    await shot(page, 'Tablet A-4-finish');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.getByTestId('saved').textContent()).toMatch(/^Saved on this tablet/);
    await expect.poll(() => page.getByTestId('pending-badge').textContent()).toBe('1 waiting to sync');

    // 2. Half the planned quantity: a cause is required before it can be saved.
    const second = cards.nth(1);
    const half = Math.floor((await planned(second)) / 2);
    await second.getByRole('button', { name: 'Finish' }).click();
    await fillTimesFromPlan(page, second);
    await dialog.getByLabel('Good quantity').fill(String(half));
    await expect.poll(() => dialog.getByRole('note').textContent()).toMatch(/^A cause is required: good quantity \d+ % below plan/);
    await dialog.getByRole('button', { name: 'Save' }).click();
    expect(await page.getByTestId('pending-badge').textContent()).toBe('1 waiting to sync');
    await dialog.getByLabel('Category').selectOption('execution');
    await dialog.getByLabel('Code').selectOption('machine-breakdown');
    await dialog.getByLabel('Note').fill('Filler head jammed at 09:40');
    await shot(page, 'Tablet A-5-cause');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.getByTestId('pending-badge').textContent()).toBe('2 waiting to sync');
    expect(await serverEntries()).toEqual([]);

    // The tab is killed and reopened, still offline: the entries are on the tablet.
    await page.reload();
    await expect.poll(() => page.getByTestId('pending-badge').textContent(), { timeout: 20_000 }).toBe('2 waiting to sync');
    await expect.poll(() => page.locator('.entry').count()).toBe(2);
    await shot(page, 'Tablet A-6-offline-after-reload');

    // Still offline: adherence of what was recorded, with the Pareto of causes and a drill-down.
    await page.getByRole('button', { name: 'Adherence', exact: true }).click();
    await expect.poll(() => page.getByTestId('plan-adherence').textContent(), { timeout: 20_000 }).toMatch(/^\d+\.\d%$/);
    const pareto = page.getByRole('img', { name: 'Deviation causes (Pareto)' });
    await expect.poll(() => pareto.getByRole('button').count()).toBe(1);
    expect(await pareto.getByRole('button').getAttribute('aria-label')).toBe('machine-breakdown: operations 1');
    expect(await page.getByRole('img', { name: 'Plan adherence by week' }).getByRole('button').count()).toBe(1);
    await pareto.getByRole('button').click();
    const drill = page.getByRole('region', { name: 'Behind the selection' });
    await expect.poll(() => drill.locator('tbody tr').count()).toBe(1);
    expect(await drill.locator('tbody').textContent()).toContain('Filler head jammed at 09:40');
    await shot(page, 'Tablet A-6b-adherence-offline');
    await page.getByRole('button', { name: /^Shop floor/ }).click();

    // Back online: they leave without a tap.
    await context.setOffline(false);
    await expect.poll(() => page.getByTestId('pending-badge').textContent(), { timeout: 30_000 }).toBe('All entries synced');
    const entries = await serverEntries();
    expect(entries).toHaveLength(2);
    expect(new Set(entries.map((entry) => entry.id)).size).toBe(2);
    expect(entries.map((entry) => entry.cause?.code ?? null)).toEqual([null, 'machine-breakdown']);
    expect(entries[1]!.goodQty).toBe(half);
    saved.push(...entries.map((entry) => entry.id));
    await shot(page, 'Tablet A-7-synced');
  }, 120_000);

  it('shows them on the other tablet after its sync, where a correction is a new entry', async () => {
    const { page } = await tablet('Tablet B', { width: 1024, height: 768 });
    await expect.poll(() => page.locator('.entry').count(), { timeout: 30_000 }).toBe(2);
    expect(await page.locator('.entry .entry-sync').allTextContents()).toEqual(['synced · other tablet', 'synced · other tablet']);
    await shot(page, 'Tablet B-1-entries');
    await page.locator(`.entry[data-entry="${saved[1]}"]`).getByRole('button', { name: 'Correct' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Good quantity').fill('7');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.getByTestId('saved').textContent()).toMatch(/^Saved on this tablet/);
    await expect.poll(async () => (await serverEntries()).length, { timeout: 30_000 }).toBe(3);
    await expect.poll(() => page.getByTestId('pending-badge').textContent(), { timeout: 30_000 }).toBe('All entries synced');
    const entries = await serverEntries();
    expect(entries[2]).toMatchObject({ corrects: saved[1], goodQty: 7 });
    // The first tablet's next sync brings the correction; the entry it corrects stays as it was.
    await a.page.getByRole('button', { name: 'Sync now' }).click();
    await expect.poll(() => a.page.locator('.entry').count(), { timeout: 30_000 }).toBe(3);
  }, 120_000);

  it('fits a phone: the operations and their buttons are readable and big enough to tap', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
    const page = await context.newPage();
    await page.goto(server.url);
    await page.getByRole('button', { name: /^Shop floor/ }).click();
    await page.getByLabel('Device token').fill(tokens['Tablet B']!);
    await page.getByRole('button', { name: 'Connect' }).click();
    await page.getByRole('radio', { name: /filling/i }).first().check({ timeout: 20_000 });
    await page.getByRole('button', { name: 'Show my operations' }).click();
    const start = page.getByRole('list', { name: 'Operations' }).getByRole('button', { name: 'Start' }).first();
    const box = (await start.boundingBox())!;
    expect(box.height).toBeGreaterThanOrEqual(44);
    expect(box.width).toBeGreaterThanOrEqual(44);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await shot(page, 'Phone-1-operations');
    await context.close();
  }, 60_000);
});

/** Start and end as planned, read from the card's own schedule times. */
async function fillTimesFromPlan(page: Page, card: ReturnType<Page['locator']>) {
  const id = await card.getAttribute('data-operation');
  const operation = publication.schedule.operations.find((candidate) => candidate.id === id)!;
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Start').fill(operation.start);
  await dialog.getByLabel('End').fill(operation.end);
}
