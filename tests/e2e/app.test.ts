import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { PreviewServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoFactory } from '../../src/demo/generator';
import { launchBrowser, serveBuiltApp } from './browser';

let server: PreviewServer;
let url: string;
let browser: Browser;
let context: BrowserContext;
let page: Page;

const DEMO_NAME = 'Ponte Foods — Valle plant (M, seed 1)';

beforeAll(async () => {
  ({ server, url } = await serveBuiltApp());
  browser = await launchBrowser();
  context = await browser.newContext({ acceptDownloads: true });
  page = await context.newPage();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const factoryOptions = () => page.locator('.factory-picker option').allTextContents();

describe('the app in Chromium', () => {
  it('loads the demo food plant into IndexedDB on first start and shows it', async () => {
    await page.goto(url);
    await expect.poll(() => page.locator('.factory-header h2').textContent(), { timeout: 20_000 }).toBe(DEMO_NAME);
    await expect.poll(() => page.locator('.table-block tbody tr').count()).toBe(100);
    expect(await page.locator('.count').textContent()).toMatch(/^\d+ rows$/);
  });

  it('searches a table', async () => {
    const demo = generateDemoFactory({ kind: 'food', size: 'M', seed: 1 });
    const purchased = demo.items.filter((item) => item.type === 'purchased').length;
    await page.getByRole('searchbox').fill('purchased');
    await expect.poll(() => page.locator('.count').textContent()).toBe(`${purchased} of ${demo.items.length} rows`);
    await page.getByRole('searchbox').fill(demo.items[demo.items.length - 1]!.id);
    await expect.poll(() => page.locator('.count').textContent()).toBe(`1 of ${demo.items.length} rows`);
    await page.getByRole('tab', { name: /Work centers/ }).click();
    await expect.poll(() => page.locator('.table-block tbody tr').count()).toBe(8);
  });

  it('keeps working offline after a reload', async () => {
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
      if (!navigator.serviceWorker.controller) {
        await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
      }
    });
    await context.setOffline(true);
    await page.reload();
    await expect.poll(() => page.locator('.factory-header h2').textContent(), { timeout: 20_000 }).toBe(DEMO_NAME);
    await expect.poll(() => page.locator('.status').textContent()).toContain('Offline');
    expect(await page.locator('.table-block tbody tr').count()).toBeGreaterThan(10);
    await context.setOffline(false);
  });

  it('computes a Master Plan in the worker, keeps it, and shows it again offline', async () => {
    await page.getByRole('button', { name: 'Master Plan', exact: true }).click();
    await page.getByLabel(/^Time limit/).selectOption('2');
    await page.getByRole('button', { name: 'Compute Master Plan' }).click();
    await expect.poll(() => page.getByTestId('self-check').textContent(), { timeout: 60_000 }).toBe('every rule holds');
    const demo = generateDemoFactory({ kind: 'food', size: 'M', seed: 1 });
    const finishedWeeks = demo.items.filter((item) => item.type === 'finished').length * demo.horizonWeeks;
    await page.getByRole('tab', { name: /Constrained demand/ }).click();
    const planCount = page.locator('.master-plan > .table-block .count');
    await expect.poll(() => planCount.textContent()).toMatch(/^\d+ rows$/);
    expect(Number((await planCount.textContent())!.split(' ')[0])).toBeLessThanOrEqual(finishedWeeks);
    await context.setOffline(true);
    await page.reload();
    await page.getByRole('button', { name: 'Master Plan', exact: true }).click();
    await expect.poll(() => page.getByTestId('plan-summary').isVisible(), { timeout: 20_000 }).toBe(true);
    expect(await page.getByLabel('Version').locator('option').count()).toBe(1);
    await context.setOffline(false);
  });

  it('cancels a long solve: the HiGHS worker is ended and the best plan in hand is kept, saying so', async () => {
    await page.getByLabel(/^Time limit/).selectOption('60');
    await page.getByRole('button', { name: 'Compute Master Plan' }).click();
    // Once the first plan is in hand, HiGHS improves it for up to a minute: cancel then.
    await expect.poll(() => page.locator('.progress').textContent(), { timeout: 60_000 }).toMatch(/first plan|window|sweep|MIP/);
    const cancelledAt = Date.now();
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => page.getByTestId('plan-stopped').textContent(), { timeout: 30_000 }).toBe('Cancelled: this is the best plan found before the stop.');
    expect(Date.now() - cancelledAt).toBeLessThan(20_000);
    expect(await page.getByTestId('self-check').textContent()).toBe('every rule holds');
    await expect.poll(() => page.getByLabel('Version').locator('option').count()).toBe(2);
    expect(await page.getByLabel('Version').locator('option').first().textContent()).toMatch(/\(cancelled\)$/);
    await page.getByLabel(/^Time limit/).selectOption('2');
  });

  it('approves a plan: the next plan keeps its frozen week', async () => {
    await page.getByRole('button', { name: 'Approve plan' }).click();
    await expect.poll(() => page.getByTestId('approved').textContent()).toBe('Approved');
    await page.getByRole('button', { name: 'Compute Master Plan' }).click();
    await expect.poll(() => page.getByLabel('Version').locator('option').count(), { timeout: 60_000 }).toBe(3);
    await expect.poll(() => page.getByTestId('self-check').textContent(), { timeout: 60_000 }).toBe('every rule holds');
    // Read the versions from IndexedDB as the app stored them.
    const weekZero = await page.evaluate(async () => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open('ponte');
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const versions = await new Promise<{ approved: boolean; createdAt: string; plan: { production: { item: string; week: number; qty: number }[] } }[]>((resolve) => {
        const request = db.transaction('planVersions').objectStore('planVersions').getAll();
        request.onsuccess = () => resolve(request.result);
      });
      const frozen = (version: (typeof versions)[number]) => version.plan.production.filter((line) => line.week === 0 && line.qty > 0).map((line) => `${line.item}:${line.qty}`).sort();
      const approved = versions.find((version) => version.approved)!;
      const latest = [...versions].sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0]!;
      return { approved: frozen(approved), latest: frozen(latest), same: approved === latest };
    });
    expect(weekZero.same).toBe(false);
    expect(weekZero.latest.length).toBeGreaterThan(0);
    expect(weekZero.latest).toEqual(weekZero.approved);
  });

  it('checks the released weeks of an M plan in nested workers, a week each, beside the planner worker', async () => {
    await page.getByLabel(/^Time limit/).selectOption('10');
    await page.getByRole('button', { name: 'Compute Master Plan' }).click();
    await expect.poll(() => page.getByLabel('Version').locator('option').count(), { timeout: 60_000 }).toBe(4);
    await expect.poll(() => page.getByTestId('self-check').textContent(), { timeout: 60_000 }).toBe('every rule holds');
    const { checks, cores } = await page.evaluate(async () => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open('ponte');
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const versions = await new Promise<{ createdAt: string; plan: { stats: { flow?: { checks: { threads: number; lots: number }[] } } } }[]>((resolve) => {
        const request = db.transaction('planVersions').objectStore('planVersions').getAll();
        request.onsuccess = () => resolve(request.result);
      });
      const latest = [...versions].sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0]!;
      return { checks: latest.plan.stats.flow?.checks ?? [], cores: navigator.hardwareConcurrency };
    });
    expect(checks.length).toBeGreaterThan(0);
    // As many workers as the four released weeks, at most the cores (none on one core).
    const threads = Math.min(4, cores);
    expect(checks.map((check) => check.threads)).toEqual(checks.map(() => (threads >= 2 ? threads : 1)));
    expect(Math.min(...checks.map((check) => check.lots))).toBeGreaterThan(200);
    await page.getByLabel(/^Time limit/).selectOption('2');
  });

  it('sequences the frozen week in the worker with the WebAssembly kernel and keeps the schedule', async () => {
    await page.getByLabel('Search time').selectOption('1');
    await page.getByRole('button', { name: 'Schedule frozen week' }).click();
    await expect.poll(() => page.getByTestId('schedule-check').textContent(), { timeout: 60_000 }).toBe('every rule holds');
    expect(await page.getByTestId('schedule-kernel').textContent()).toContain('WebAssembly kernel');
    const operations = Number(await page.getByTestId('schedule-summary').locator('div').first().locator('strong').textContent());
    expect(operations).toBeGreaterThan(10);
    // Every operation is a bar on the Gantt, and a row of the table.
    expect(await page.locator('.gantt rect:not(.setup)').count()).toBe(operations);
    expect(await page.locator('.schedule .count').textContent()).toBe(`${operations} rows`);
    await context.setOffline(true);
    await page.reload();
    await page.getByRole('button', { name: 'Master Plan', exact: true }).click();
    await expect.poll(() => page.getByTestId('schedule-check').textContent(), { timeout: 20_000 }).toBe('every rule holds');
    await context.setOffline(false);
    await page.getByRole('button', { name: 'Factory', exact: true }).click();
  });

  it('refuses a broken factory file with the error list and stores nothing', async () => {
    const broken = structuredClone(generateDemoFactory({ kind: 'paint', size: 'S', seed: 2 }));
    broken.start = '2026-12-01';
    broken.boms.push({ parent: broken.boms[0]!.component, component: broken.boms[0]!.parent, qtyPer: 1 });
    const before = await factoryOptions();
    await page.getByTestId('import-input').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(broken)) });
    const alert = page.locator('.import-errors');
    await expect.poll(() => alert.locator('h2').textContent()).toMatch(/^broken\.json was not imported: \d+ errors?$/);
    const errors = await alert.locator('li').allTextContents();
    expect(errors).toContain('start 2026-12-01 is not a Monday (week 0 must start on a Monday)');
    expect(errors.some((line) => line.startsWith(`boms[${broken.boms.length - 1}] BOM cycle:`))).toBe(true);
    expect(await factoryOptions()).toEqual(before);
  });

  it('imports a factory file and exports the same document back', async () => {
    const factory = { ...generateDemoFactory({ kind: 'paint', size: 'S', seed: 2 }), customerNote: 'kept on export' };
    await page.getByTestId('import-input').setInputFiles({ name: 'paint.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(factory)) });
    await expect.poll(() => page.locator('.factory-header h2').textContent()).toBe(factory.name);
    expect(await factoryOptions()).toContain(factory.name);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export' }).click()]);
    const chunks: Buffer[] = [];
    for await (const chunk of await download.createReadStream()) chunks.push(chunk as Buffer);
    expect(JSON.parse(Buffer.concat(chunks).toString('utf8'))).toStrictEqual(factory);
  });
});
