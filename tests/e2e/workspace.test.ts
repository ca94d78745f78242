/**
 * The planner's workspace in Chromium, at laptop and tablet sizes: the S&OP grid edited by
 * keyboard and by a pasted block with rough-cut capacity following, a refused CSV with its row
 * errors, and what-if scenarios planned in the worker and compared side by side.
 */
import type { Browser, Page } from 'playwright-core';
import type { PreviewServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, serveBuiltApp } from './browser';

let server: PreviewServer;
let url: string;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  ({ server, url } = await serveBuiltApp());
  browser = await launchBrowser();
  page = await (await browser.newContext({ viewport: { width: 1366, height: 850 } })).newPage();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const grid = () => page.getByRole('grid', { name: 'S&OP plan' });
const cell = (row: number, column: number) => grid().locator(`[data-row="${row}"][data-column="${column}"]`);
const heat = () => page.getByRole('table', { name: 'Rough-cut capacity' });
const heatLoads = () => heat().locator('td[data-utilization]').evaluateAll((cells) => cells.map((td) => Number((td as HTMLElement).dataset.utilization)));

describe('the S&OP grid', () => {
  it('edits a cell from the keyboard and the heatmap follows', async () => {
    await page.goto(url);
    await expect.poll(() => page.locator('.factory-header h2').count(), { timeout: 20_000 }).toBe(1);
    await page.getByRole('button', { name: 'S&OP', exact: true }).click();
    await expect.poll(() => grid().isVisible()).toBe(true);
    const before = await heatLoads();
    expect(before.length).toBeGreaterThan(0);
    await cell(0, 1).click();
    await page.keyboard.type('99999');
    await page.keyboard.press('Enter');
    await expect.poll(() => cell(0, 1).textContent()).toMatch(/99,999/);
    // Enter moved down to the revenue row of the same month.
    await expect.poll(() => cell(1, 1).getAttribute('aria-selected')).toBe('true');
    const after = await heatLoads();
    expect(after.reduce((a, b) => a + b, 0)).toBeGreaterThan(before.reduce((a, b) => a + b, 0));
    expect(await heat().locator('td.over').count()).toBeGreaterThan(0);
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Saved on this device' }).count(), { timeout: 10_000 }).toBe(1);
  });

  it('moves with the arrow keys, pastes a block, and undoes it', async () => {
    await cell(2, 0).click();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => cell(2, 1).getAttribute('aria-selected')).toBe('true');
    await expect.poll(() => page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.column)).toBe('1');
    const before = await cell(2, 2).textContent();
    await page.evaluate(() => {
      const data = new DataTransfer();
      data.setData('text/plain', '111\t222\n333\t444\n');
      document.activeElement!.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    });
    await expect.poll(() => cell(2, 1).textContent()).toMatch(/^\s*111\s*$/);
    expect(await cell(2, 2).textContent()).toMatch(/222/);
    expect(await cell(3, 1).textContent()).toMatch(/333/);
    expect(await cell(3, 2).textContent()).toMatch(/444/);
    await page.keyboard.press('Control+z');
    await expect.poll(() => cell(2, 2).textContent()).toBe(before);
    await page.keyboard.press('Control+y');
    await expect.poll(() => cell(2, 2).textContent()).toMatch(/222/);
  });

  it('refuses a pasted block that is not all numbers, naming the cell', async () => {
    await cell(0, 0).click();
    await page.evaluate(() => {
      const data = new DataTransfer();
      data.setData('text/plain', '5\tlots\n');
      document.activeElement!.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    });
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/"lots" is not a number/);
  });

  it('refuses a broken CSV with its row errors and changes nothing', async () => {
    const before = await cell(0, 1).textContent();
    await page.getByTestId('csv-sop').setInputFiles({ name: 'sop.csv', mimeType: 'text/csv', buffer: Buffer.from('family,month,qty\nSAU,2027-13,100\nNOPE,2027-01,5\n') });
    const alert = page.locator('.csv-errors');
    await expect.poll(() => alert.textContent()).toMatch(/sop\.csv was not imported/);
    expect(await alert.textContent()).toContain('row 2, column month: 2027-13 is not a month (YYYY-MM)');
    expect(await alert.textContent()).toContain('row 3, column family: NOPE is not a family of this factory');
    expect(await cell(0, 1).textContent()).toBe(before);
  });

  it('keeps the mix of a family summing to 100 %', async () => {
    const share = page.locator('.mix fieldset').first().locator('input').first();
    await share.fill('50');
    await share.press('Enter');
    await share.blur();
    await expect.poll(() => page.locator('.mix fieldset').first().locator('.sum').textContent()).toBe('Total 100 %');
    expect(await share.inputValue()).toBe('50');
  });

  it('is usable at tablet size', async () => {
    await page.setViewportSize({ width: 820, height: 1180 });
    await expect.poll(() => grid().isVisible()).toBe(true);
    await expect.poll(() => heat().isVisible()).toBe(true);
    await page.setViewportSize({ width: 1366, height: 850 });
  });
});

describe('scenarios', () => {
  it('copies the base, changes it, plans both in the worker and compares them side by side', async () => {
    await page.getByRole('button', { name: 'Scenarios', exact: true }).click();
    await page.getByRole('button', { name: 'New scenario' }).click();
    await expect.poll(() => page.getByLabel('Name').inputValue()).toMatch(/^Scenario \d+$/);
    await page.getByLabel('Change (%)').fill('25');
    await page.getByRole('button', { name: 'Add change' }).click();
    await expect.poll(() => page.locator('ol.changes li').count()).toBe(1);
    expect(await page.locator('ol.changes li').textContent()).toMatch(/demand \+25 %/);
    await page.getByLabel('Time limit').fill('3');
    await page.getByRole('button', { name: /^Plan base/ }).click();
    await expect.poll(() => page.getByRole('button', { name: /^Plan base again/ }).isEnabled(), { timeout: 60_000 }).toBe(true);
    await page.getByRole('button', { name: 'Plan scenario' }).click();
    await expect.poll(() => page.locator('.list button.chosen small').textContent(), { timeout: 60_000 }).toMatch(/planned/);
    await page.getByRole('button', { name: 'Compare scenarios' }).click();
    const table = page.getByRole('table', { name: 'Scenario comparison' });
    await expect.poll(() => table.locator('thead th').allTextContents()).toEqual(['Figure', 'Base', expect.stringMatching(/^Scenario \d+$/)]);
    const demandRow = await table.locator('tbody tr').filter({ hasText: 'On-time quantity' }).locator('td').allTextContents();
    expect(demandRow).toHaveLength(2);
    await expect.poll(() => page.getByRole('table', { name: 'Production differences' }).locator('tbody tr').count()).toBeGreaterThan(0);
  }, 180_000);
});

describe('the plan as charts', () => {
  it('shows the solver progress while a plan runs, then the capacity, inventory and service charts', async () => {
    await page.getByRole('button', { name: 'Master Plan', exact: true }).click();
    await page.getByLabel(/^Time limit/).selectOption('30');
    await page.getByRole('button', { name: 'Compute Master Plan' }).click();
    await expect.poll(() => page.getByRole('progressbar', { name: 'Time used of the limit' }).isVisible(), { timeout: 20_000 }).toBe(true);
    // The relaxation's bound and the first plan arrive as figures, and are drawn.
    await expect.poll(() => page.getByRole('img', { name: 'Solver progress: objective and bound over time' }).isVisible(), { timeout: 30_000 }).toBe(true);
    await expect.poll(() => page.locator('.solver-progress .figures').textContent(), { timeout: 30_000 }).toMatch(/plan in hand [\d,]+ · bound [\d,]+/);
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Compute Master Plan' }).isEnabled(), { timeout: 30_000 }).toBe(true);
    const capacity = page.getByRole('img', { name: /^Capacity load: / });
    await expect.poll(() => capacity.isVisible()).toBe(true);
    expect(await capacity.locator('rect').count()).toBeGreaterThan(10);
    await page.getByLabel('Work center of the capacity chart').selectOption({ index: 2 });
    await expect.poll(() => capacity.getAttribute('aria-label')).not.toMatch(/\(busiest\)/);
    await expect.poll(() => page.getByRole('img', { name: /^Projected inventory: / }).locator('polyline').count()).toBe(2);
    const service = page.getByRole('table', { name: 'Service by family and week' });
    expect(await service.locator('tbody tr').count()).toBe(5);
  }, 120_000);
});

describe('the Gantt', () => {
  it('zooms to a day and a shift, moves along, and shows an operation tapped', async () => {
    await page.getByLabel('Search time').selectOption('1');
    await page.getByRole('button', { name: 'Schedule frozen week' }).click();
    const gantt = page.getByRole('img', { name: 'Gantt chart of the frozen week by machine' });
    await expect.poll(() => gantt.isVisible(), { timeout: 60_000 }).toBe(true);
    const all = await gantt.locator('g.bar').count();
    await page.getByRole('radio', { name: 'Day' }).click();
    await expect.poll(() => page.getByTestId('gantt-window').textContent()).toMatch(/^Day 1 of \d+$/);
    const day = await gantt.locator('g.bar').count();
    expect(day).toBeLessThan(all);
    await page.getByRole('button', { name: 'Later' }).click();
    await expect.poll(() => page.getByTestId('gantt-window').textContent()).toMatch(/^Day 2 of/);
    await page.getByRole('radio', { name: 'Shift' }).click();
    await expect.poll(() => page.getByTestId('gantt-window').textContent()).toMatch(/^Shift 4 of/);
    await page.getByRole('radio', { name: 'Week' }).click();
    await expect.poll(() => gantt.locator('g.bar').count()).toBe(all);
    await gantt.locator('g.bar').first().click();
    await expect.poll(() => page.getByTestId('gantt-details').textContent()).toMatch(/step \d+ · [\d.]+ on /);
  }, 120_000);

  it('drags an operation: a machine its routing does not allow is named and refused; a move kept is undone', async () => {
    const gantt = page.getByRole('img', { name: 'Gantt chart of the frozen week by machine' });
    const feedback = page.getByTestId('move-feedback');
    // Tall enough for the whole Gantt: a pointer only reaches what the viewport shows.
    await page.setViewportSize({ width: 1366, height: 2400 });
    await gantt.scrollIntoViewIfNeeded();
    const labels = gantt.locator('text.machine-label');
    const rows = await labels.evaluateAll((nodes) => nodes.map((node) => (node as SVGElement).dataset.row!));
    // A bar of another work center than the last row's machine.
    const lastResource = rows.at(-1)!.split('/')[0];
    const firstBar = gantt.locator(`g.bar:not([data-resource="${lastResource}"])`).first();
    const box = (await firstBar.boundingBox())!;
    const id = await firstBar.getAttribute('data-operation');
    const lastRow = (await labels.nth(rows.length - 1).boundingBox())!;
    await page.mouse.move(box.x + 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + 30, lastRow.y + lastRow.height / 2, { steps: 5 });
    await expect.poll(() => feedback.textContent()).toMatch(/Cannot drop here: .* cannot run .* step \d+/);
    await page.mouse.up();
    await expect.poll(() => feedback.textContent()).toMatch(/^\s*Not moved: /);
    expect(await gantt.locator(`g.bar[data-operation="${id}"]`).count()).toBe(1);
    // The same operation a little later on its own machine (measured again: the details panel opened above).
    const again = (await gantt.locator(`g.bar[data-operation="${id}"]`).boundingBox())!;
    await page.mouse.move(again.x + 2, again.y + again.height / 2);
    await page.mouse.down();
    await page.mouse.move(again.x + 40, again.y + again.height / 2, { steps: 5 });
    await expect.poll(() => feedback.textContent()).toMatch(/Drop to move: every rule holds|Would break \d+ rule/);
    const kept = /every rule holds/.test((await feedback.textContent()) ?? '');
    await page.mouse.up();
    if (kept) {
      await expect.poll(() => feedback.textContent()).toMatch(/Moved .* re-timed/);
      await page.getByRole('button', { name: 'Undo move' }).click();
      await expect.poll(() => feedback.textContent()).toMatch(/Undone/);
    } else await expect.poll(() => feedback.textContent()).toMatch(/Not moved: /);
    await page.setViewportSize({ width: 1366, height: 850 });
  }, 60_000);

  it('pins operations and re-optimizes around them in the worker, at tablet size: the pinned ones keep machine and start', async () => {
    await page.setViewportSize({ width: 820, height: 1180 });
    const gantt = page.getByRole('img', { name: 'Gantt chart of the frozen week by machine' });
    const reoptimize = page.getByRole('button', { name: /Re-optimize around pins/ });
    expect(await reoptimize.isDisabled()).toBe(true);
    const bars = gantt.locator('g.bar');
    const count = await bars.count();
    const ids = [await bars.nth(1).getAttribute('data-operation'), await bars.nth(Math.floor(count / 2)).getAttribute('data-operation')] as string[];
    const details = page.getByTestId('gantt-details');
    for (const id of ids) {
      await gantt.locator(`g.bar[data-operation="${id}"]`).click();
      await expect.poll(() => details.textContent()).toContain(`lot ${id.replace(/-\d+$/, '')}`);
      const pin = details.getByRole('button', { name: 'Pin' });
      await pin.click();
      await expect.poll(() => pin.getAttribute('aria-pressed')).toBe('true');
    }
    expect(await gantt.locator('g.bar.pinned').count()).toBe(2);
    const startsOf = () => page.getByRole('table', { name: 'Operations' }).locator('tbody tr').evaluateAll((rows) => rows.map((row) => [...row.querySelectorAll('td')].map((cell) => cell.textContent?.trim() ?? '')));
    const before = await startsOf();
    // A pinned bar keeps its machine and its setup start (and is still marked).
    const pinMark = async (id: string) => {
      const bar = gantt.locator(`g.bar.pinned[data-operation="${id}"]`);
      return [await bar.getAttribute('data-machine'), await bar.getAttribute('data-setup-start'), await bar.locator('path.pin').count()];
    };
    const marks = await Promise.all(ids.map(pinMark));
    await reoptimize.click();
    await expect.poll(() => page.getByTestId('move-feedback').textContent(), { timeout: 30_000 }).toMatch(/Re-optimized around 2 pinned operations \(every pin held\): tardiness .* setups/);
    expect(await Promise.all(ids.map(pinMark))).toEqual(marks);
    expect(await page.getByTestId('schedule-check').textContent()).toBe('every rule holds');
    expect((await startsOf()).length).toBe(before.length);
    // Undo brings the schedule and its pins back as they were.
    await page.getByRole('button', { name: 'Undo move' }).click();
    await expect.poll(() => page.getByTestId('move-feedback').textContent()).toMatch(/Undone/);
    expect(await startsOf()).toEqual(before);
    expect(await gantt.locator('g.bar.pinned').count()).toBe(2);
    await page.setViewportSize({ width: 1366, height: 850 });
  }, 90_000);

  it('cancels a 30 s schedule search at once, keeping the schedule shown; the worker plans again after', async () => {
    const operations = () => page.getByRole('table', { name: 'Operations' }).locator('tbody tr').evaluateAll((rows) => rows.map((row) => row.textContent));
    const before = await operations();
    await page.getByLabel('Search time').selectOption('30');
    await page.getByRole('button', { name: 'Schedule frozen week' }).click();
    await expect.poll(() => page.locator('.schedule .progress').textContent()).toMatch(/s: tardiness/);
    const cancelledAt = Date.now();
    await page.locator('.schedule').getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => page.getByTestId('search-notice').textContent()).toMatch(/Cancelled: the search was stopped/);
    expect(Date.now() - cancelledAt).toBeLessThan(10_000);
    expect(await page.getByRole('button', { name: 'Schedule frozen week' }).isEnabled()).toBe(true);
    expect(await operations()).toEqual(before);
    // A fresh worker answers the next search.
    await page.getByLabel('Search time').selectOption('1');
    await page.getByRole('button', { name: 'Schedule frozen week' }).click();
    await expect.poll(() => page.locator('.schedule .progress').textContent()).toMatch(/s: tardiness/);
    await expect.poll(() => page.locator('.schedule .progress').count(), { timeout: 60_000 }).toBe(0);
    expect(await page.getByTestId('search-notice').count()).toBe(0);
    // About its 1 s: no iteration starts that the slowest so far would end past the limit (searchClock.ts), so a loaded machine stops short (seen: 0.9 s).
    expect(await page.getByTestId('schedule-kernel').textContent()).toMatch(/iterations in (0\.9|1) s, WebAssembly kernel/);
  }, 90_000);
});
