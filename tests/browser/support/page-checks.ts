/**
 * What every page must hold at every width: no sideways scrolling, no Copy button over code or covered
 * by another element, no serious or critical axe-core violation, and a screenshot for review
 * (test-results/browser/, not committed).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { screenshot } from './browser.ts';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export const WIDTHS = [1280, 390] as const;

/** How many CSS pixels the page is wider than the viewport (0 when nothing scrolls sideways). */
export function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => {
    const w = globalThis as unknown as {
      innerWidth: number;
      document: { documentElement: { scrollWidth: number } };
    };
    return w.document.documentElement.scrollWidth - w.innerWidth;
  });
}

/** Copy buttons that cover any part of the code they copy (their box intersects the code's box). */
export function copyButtonsOverCode(page: Page): Promise<number> {
  return page.evaluate(() => {
    type Box = { left: number; right: number; top: number; bottom: number };
    const doc = (globalThis as unknown as { document: { querySelectorAll(s: string): ArrayLike<unknown> } })
      .document;
    let covering = 0;
    for (const block of Array.from(doc.querySelectorAll('.code-block')) as {
      querySelector(s: string): { getBoundingClientRect(): Box } | null;
    }[]) {
      const button = block.querySelector('.copy')?.getBoundingClientRect();
      const code = block.querySelector('pre')?.getBoundingClientRect();
      if (!button || !code) continue;
      const overlaps =
        button.left < code.right &&
        button.right > code.left &&
        button.top < code.bottom &&
        button.bottom > code.top;
      if (overlaps) covering++;
    }
    return covering;
  });
}

/**
 * Copy buttons that another element covers. Each visible Copy button is scrolled into view in turn;
 * at its centre and near each corner the topmost element must be the button itself (or inside it).
 * Returns one line per covered button.
 */
export async function copyButtonsCovered(page: Page): Promise<string[]> {
  const found: string[] = [];
  const buttons = page.locator('button.copy');
  const count = Math.min(await buttons.count(), 30);
  for (let i = 0; i < count; i++) {
    const button = buttons.nth(i);
    if (!(await button.isVisible())) continue;
    await button.scrollIntoViewIfNeeded();
    const cover = await button.evaluate((el) => {
      type Node = { contains(other: unknown): boolean; tagName: string; className: unknown };
      const doc = (
        globalThis as unknown as { document: { elementFromPoint(x: number, y: number): Node | null } }
      ).document;
      const view = globalThis as unknown as { innerWidth: number; innerHeight: number };
      const box = el.getBoundingClientRect();
      const inset = 3;
      const points: [number, number][] = [
        [(box.left + box.right) / 2, (box.top + box.bottom) / 2],
        [box.left + inset, box.top + inset],
        [box.right - inset, box.top + inset],
        [box.left + inset, box.bottom - inset],
        [box.right - inset, box.bottom - inset],
      ];
      for (const [x, y] of points) {
        if (x < 0 || y < 0 || x >= view.innerWidth || y >= view.innerHeight) continue;
        const top = doc.elementFromPoint(x, y);
        if (top && !(el as unknown as Node).contains(top))
          return `${top.tagName.toLowerCase()}${typeof top.className === 'string' && top.className ? `.${top.className.split(' ').join('.')}` : ''}`;
      }
      return null;
    });
    if (cover) found.push(`${cover} covers Copy button ${i + 1}`);
  }
  if (count)
    await page.evaluate(() =>
      (globalThis as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, 0),
    );
  return found;
}

/** Serious and critical axe-core violations, one line each (rule, impact, first targets). */
export async function axeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.addScriptTag({ content: axeSource });
  const result = (await page.evaluate(() =>
    (globalThis as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<unknown> } }).axe.run(
      (globalThis as unknown as { document: unknown }).document,
      { resultTypes: ['violations'] },
    ),
  )) as { violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[] };
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(' '))
          .join(', ')}`,
    );
}

/**
 * Checks the page as it is now at each width (it is reloaded after a resize only when `reload`),
 * saves `<name>-<width>.png` and returns every problem found, prefixed with the name and width.
 */
export async function checkPage(
  page: Page,
  name: string,
  options: { widths?: readonly number[]; ready?: () => Promise<unknown> } = {},
): Promise<string[]> {
  const problems: string[] = [];
  const original = page.viewportSize() ?? { width: 1280, height: 900 };
  for (const width of options.widths ?? WIDTHS) {
    await page.setViewportSize({ width, height: width < 600 ? 844 : 900 });
    await options.ready?.();
    const overflow = await horizontalOverflow(page);
    if (overflow > 1) problems.push(`${name} @${width}: ${overflow}px wider than the screen`);
    if (width < 600) {
      const covering = await copyButtonsOverCode(page);
      if (covering) problems.push(`${name} @${width}: ${covering} Copy button(s) over the code`);
    }
    for (const c of await copyButtonsCovered(page)) problems.push(`${name} @${width}: ${c}`);
    for (const v of await axeViolations(page)) problems.push(`${name} @${width}: ${v}`);
    await screenshot(page, `${name}-${width}`);
  }
  await page.setViewportSize(original);
  return problems;
}
