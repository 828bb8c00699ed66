/**
 * Opens an HTML file in headless Chromium (Debian's package; playwright-core only drives it) and
 * reports console errors, the drawn size of every figure, and table cells whose text wraps.
 */
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env['TEMPORA_CHROMIUM'] ?? '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);

export interface PageCheck {
  errors: string[];
  figures: { caption: string; width: number; height: number; shapes: number }[];
  /** Text of the table cells drawn on more than one line. */
  wrappedCells: string[];
}

export async function checkPage(file: string, screenshot?: string): Promise<PageCheck> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('requestfailed', (r) => errors.push(`request failed: ${r.url()}`));
    await page.goto(`file://${file}`, { waitUntil: 'load' });
    const figures = await page.$$eval('figure', (nodes) =>
      nodes.map((f) => {
        const svg = f.querySelector('svg');
        const box = svg?.getBoundingClientRect();
        return {
          caption: f.querySelector('figcaption')?.textContent ?? '',
          width: box?.width ?? 0,
          height: box?.height ?? 0,
          shapes: svg ? svg.querySelectorAll('circle, path, line, rect, polyline').length : 0,
        };
      }),
    );
    const wrappedCells = await page.$$eval('td', (cells) =>
      cells.filter((cell) => {
        const range = cell.ownerDocument.createRange();
        range.selectNodeContents(cell);
        return range.getClientRects().length > 1;
      }).map((cell) => cell.textContent ?? ''),
    );
    if (screenshot) await page.screenshot({ path: screenshot, fullPage: true });
    return { errors, figures, wrappedCells };
  } finally {
    await browser.close();
  }
}
