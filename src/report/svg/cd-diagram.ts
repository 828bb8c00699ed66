/**
 * Critical-difference diagram (Demšar 2006, Fig. 1): methods on a rank axis, best at the left,
 * the critical difference as a bar above the axis, and thick bars joining methods whose ranks are
 * not significantly different.
 */
import { OptionError } from '../../core/errors.js';
import { element, svgRoot, text } from './markup.js';

export interface CdDiagramArgs {
  title: string;
  names: readonly string[];
  averageRanks: readonly number[];
  criticalDifference: number;
  /** Groups of method indices not significantly different (from nemenyiTest). */
  cliques: readonly (readonly number[])[];
}

const WIDTH = 560;
const SIDE = 150;
const AXIS_Y = 56;

export function cdDiagram(args: CdDiagramArgs): string {
  const k = args.names.length;
  if (k < 2 || args.averageRanks.length !== k) throw new OptionError(`CD diagram: needs 2 or more methods with one rank each`);
  const x = (rank: number): number => SIDE + ((rank - 1) / (k - 1)) * (WIDTH - 2 * SIDE);
  const order = args.averageRanks.map((r, i) => [r, i] as const).sort((a, b) => a[0] - b[0]);
  const leftCount = Math.ceil(k / 2);
  const cliqueTop = AXIS_Y + 10;
  const labelsTop = cliqueTop + args.cliques.length * 7 + 14;
  const height = labelsTop + leftCount * 20 + 10;
  const parts: string[] = [];
  parts.push(element('line', { x1: x(1), x2: x(k), y1: AXIS_Y, y2: AXIS_Y, stroke: '#000' }));
  for (let r = 1; r <= k; r++) {
    parts.push(element('line', { x1: x(r), x2: x(r), y1: AXIS_Y - 5, y2: AXIS_Y, stroke: '#000' }), text(x(r), AXIS_Y - 9, String(r), { 'text-anchor': 'middle' }));
  }
  const cdEnd = Math.min(k, 1 + args.criticalDifference);
  parts.push(
    element('line', { x1: x(1), x2: x(cdEnd), y1: 16, y2: 16, stroke: '#000', 'stroke-width': 2 }),
    text((x(1) + x(cdEnd)) / 2, 12, `CD = ${args.criticalDifference.toFixed(3)}`, { 'text-anchor': 'middle' }),
  );
  order.forEach(([rank, method], position) => {
    const onLeft = position < leftCount;
    const row = onLeft ? position : k - 1 - position;
    const y = labelsTop + row * 20;
    const end = onLeft ? SIDE - 10 : WIDTH - SIDE + 10;
    parts.push(
      element('polyline', { points: `${x(rank)},${AXIS_Y} ${x(rank)},${y} ${end},${y}`, fill: 'none', stroke: '#444' }),
      text(onLeft ? end - 4 : end + 4, y + 4, `${args.names[method]} (${rank.toFixed(2)})`, { 'text-anchor': onLeft ? 'end' : 'start' }),
    );
  });
  args.cliques.forEach((clique, j) => {
    const ranks = clique.map((m) => args.averageRanks[m]!);
    const y = cliqueTop + j * 7;
    parts.push(element('line', { x1: x(Math.min(...ranks)) - 4, x2: x(Math.max(...ranks)) + 4, y1: y, y2: y, stroke: '#000', 'stroke-width': 4, class: 'clique' }));
  });
  return svgRoot(WIDTH, height, args.title, ...parts);
}
