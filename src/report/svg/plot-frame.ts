/** The frame shared by scatter and line charts: plot area, axes with ticks, labels, legend. */
import { element, text } from './markup.js';
import { colour } from './palette.js';
import { linearScale, tickLabel, type LinearScale } from './scale.js';

export const WIDTH = 560;
export const HEIGHT = 360;
const MARGIN = { left: 56, right: 150, top: 16, bottom: 44 };

export interface Frame {
  readonly x: LinearScale;
  readonly y: LinearScale;
  /** Axes, ticks and labels as markup. */
  readonly axes: string;
}

export function plotFrame(xs: readonly number[], ys: readonly number[], xLabel: string, yLabel: string, showTicks = true): Frame {
  const x = linearScale(xs, MARGIN.left, WIDTH - MARGIN.right);
  const y = linearScale(ys, HEIGHT - MARGIN.bottom, MARGIN.top);
  const left = MARGIN.left;
  const bottom = HEIGHT - MARGIN.bottom;
  const parts = [
    element('rect', { x: left, y: MARGIN.top, width: WIDTH - MARGIN.left - MARGIN.right, height: bottom - MARGIN.top, fill: 'none', stroke: '#999' }),
    text((left + WIDTH - MARGIN.right) / 2, HEIGHT - 8, xLabel, { 'text-anchor': 'middle' }),
    text(14, (MARGIN.top + bottom) / 2, yLabel, { 'text-anchor': 'middle', transform: `rotate(-90 14 ${(MARGIN.top + bottom) / 2})` }),
  ];
  if (showTicks) {
    for (const t of x.ticks) parts.push(element('line', { x1: x(t), x2: x(t), y1: bottom, y2: bottom + 4, stroke: '#999' }), text(x(t), bottom + 16, tickLabel(t), { 'text-anchor': 'middle' }));
    for (const t of y.ticks) parts.push(element('line', { x1: left - 4, x2: left, y1: y(t), y2: y(t), stroke: '#999' }), text(left - 6, y(t) + 4, tickLabel(t), { 'text-anchor': 'end' }));
  }
  return { x, y, axes: parts.join('') };
}

/** Colour key to the right of the plot area. */
export function legend(names: readonly string[]): string {
  return names
    .map((name, i) => {
      const top = MARGIN.top + 8 + i * 18;
      return element('rect', { x: WIDTH - MARGIN.right + 12, y: top, width: 10, height: 10, fill: colour(i) }) + text(WIDTH - MARGIN.right + 28, top + 9, name);
    })
    .join('');
}
