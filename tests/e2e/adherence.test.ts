/**
 * Adherence on a planner's laptop, offline from any server: a plan computed in the app, a
 * ponte.execution/1 file imported, the charts, and a correction the entries support written to a
 * new factory version and re-planned beside the old one.
 */
import type { Browser, Page } from 'playwright-core';
import type { PreviewServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoFactory } from '../../src/demo/generator';
import { launchBrowser, serveBuiltApp } from './browser';

let server: PreviewServer;
let url: string;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  ({ server, url } = await serveBuiltApp());
  browser = await launchBrowser();
  page = await (await browser.newContext({ viewport: { width: 1366, height: 900 }, acceptDownloads: true })).newPage();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Twelve runs of one step over two weeks, each 30 % slower than the routing says. */
function slowRuns() {
  const factory = generateDemoFactory({ kind: 'food', size: 'M', seed: 1 });
  const routing = factory.routings.find((candidate) => candidate.steps.some((step) => !step.machines))!;
  const step = routing.steps.find((candidate) => !candidate.machines)!;
  const machine = factory.resources.find((resource) => resource.id === step.resource)!.machines[0]!.id;
  const qty = Math.max(10, Math.round(120 / step.runMinutesPerUnit));
  const minutes = Math.round(qty * step.runMinutesPerUnit * 1.3);
  const days = ['2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04', '2026-12-07', '2026-12-08', '2026-12-09', '2026-12-10', '2026-12-11', '2026-12-01', '2026-12-08'];
  const entries = days.map((day, index) => {
    const end = 7 * 60 + minutes;
    return { id: `00000000-0000-4000-8000-${String(index + 1).padStart(12, '0')}`, site: 'local', device: 'laptop', order: `LOT-${routing.item}`, item: routing.item, step: step.step, machine, start: `${day}T07:00`, end: `${day}T${String(Math.floor(end / 60)).padStart(2, '0')}:${String(end % 60).padStart(2, '0')}`, goodQty: qty, scrapQty: 0, recordedAt: `${day}T18:00:00Z` };
  });
  return { entries, id: `run-minutes:${routing.item}:${step.step}:${machine}` };
}

describe('adherence and corrected assumptions on a laptop', () => {
  it('imports entries, shows adherence, and writes and re-plans a correction the entries support', async () => {
    await page.goto(url);
    await page.getByRole('button', { name: 'Master Plan', exact: true }).click({ timeout: 20_000 });
    await page.getByLabel(/^Time limit/).selectOption('2');
    await page.getByRole('button', { name: 'Compute Master Plan' }).click();
    await expect.poll(() => page.getByTestId('self-check').textContent(), { timeout: 60_000 }).toBe('every rule holds');
    await page.getByRole('button', { name: 'Adherence', exact: true }).click();
    const { entries, id } = slowRuns();
    // A broken file first: refused whole, nothing stored.
    const broken = { format: 'ponte.execution/1', entries: [{ ...entries[0], machine: 'NOPE' }, ...entries.slice(1)] };
    await page.getByTestId('entries-input').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(broken)) });
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('entries[0].machine: machine NOPE is not a machine of factory');
    await page.getByTestId('entries-input').setInputFiles({ name: 'week.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ format: 'ponte.execution/1', entries })) });
    await expect.poll(() => page.getByRole('status').first().textContent()).toBe('Imported 12 entries from week.json.');
    await expect.poll(() => page.getByTestId('plan-adherence').textContent()).toMatch(/^\d+\.\d%$/);
    expect(await page.getByRole('img', { name: 'Plan adherence by week' }).getByRole('button').count()).toBe(2);

    const panel = page.getByRole('region', { name: 'Corrected assumptions' });
    const accept = panel.getByRole('row').filter({ has: page.locator(`input[value="${id}"]`) });
    expect(await accept.locator('td').last().textContent()).toMatch(/^proposed: 12 entries over 2 weeks, 30 % from the assumption$/);
    await page.screenshot({ path: `${process.env.SCREENSHOTS ?? '/tmp'}/adherence-laptop-assumptions.png`, fullPage: true });
    await accept.getByRole('checkbox').check();
    await panel.getByRole('button', { name: 'Write corrected factory' }).click();
    await expect.poll(() => panel.getByRole('status').textContent()).toMatch(/^Saved as a new factory, ".*\(corrected \d{4}-\d{2}-\d{2}\)"; ".*" is kept as it was\. Changes: routings\[\d+\]\.steps\[\d+\]\.runMinutesPerUnit /);
    expect((await page.locator('.factory-picker option').allTextContents()).filter((name) => name.includes('(corrected')).length).toBe(1);
    await panel.getByRole('button', { name: 'Re-plan both' }).click();
    const comparison = page.getByRole('table', { name: 'What the correction changes' });
    await expect.poll(() => comparison.locator('thead th').allTextContents(), { timeout: 90_000 }).toEqual(['', 'As assumed', 'Corrected']);
    expect(await comparison.locator('tbody tr').count()).toBe(4);

    // The S&OP grid, as CSV for the meeting.
    const grid = page.getByRole('region', { name: 'S&OP reconciliation' });
    expect(await grid.locator('tbody tr').count()).toBeGreaterThan(3);
    const [download] = await Promise.all([page.waitForEvent('download'), grid.getByRole('button', { name: 'Export CSV' }).click()]);
    const chunks: Buffer[] = [];
    for await (const chunk of await download.createReadStream()) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).toString('utf8').split('\r\n')[0]).toBe('family,month,sopQty,sopQtyInHorizon,sopRevenue,demandQty,onTimeQty,onTimeRevenue,deliveredQty,lostQty,executedQty,gapQty,gapRevenue,reasons');

    // The weekly roll: the next week's factory stored beside this one.
    await page.getByRole('button', { name: 'Roll forward one week' }).click();
    await expect.poll(() => page.getByTestId('rolled').textContent()).toMatch(/^Rolled forward to the week of 2026-12-07: saved as ".* \(week of 2026-12-07\)"/);
    expect((await page.locator('.factory-picker option').allTextContents()).some((name) => name.endsWith('(week of 2026-12-07)'))).toBe(true);
    await page.screenshot({ path: `${process.env.SCREENSHOTS ?? '/tmp'}/adherence-laptop-rolled.png`, fullPage: true });
  }, 180_000);
});
