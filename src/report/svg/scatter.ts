/** Scatter plot of 2-D points coloured by class (the papers' t-SNE figures). */
import { OptionError } from '../../core/errors.js';
import { element, svgRoot } from './markup.js';
import { colour } from './palette.js';
import { HEIGHT, WIDTH, legend, plotFrame } from './plot-frame.js';

export interface ScatterArgs {
  title: string;
  points: readonly (readonly [number, number])[];
  /** Class index per point. */
  classes: ArrayLike<number>;
  classNames: readonly string[];
}

export function scatterPlot(args: ScatterArgs): string {
  if (args.points.length !== args.classes.length) {
    throw new OptionError(`scatter: ${args.points.length} points but ${args.classes.length} classes`);
  }
  const frame = plotFrame(args.points.map((p) => p[0]), args.points.map((p) => p[1]), 't-SNE 1', 't-SNE 2', false);
  const dots = args.points
    .map(([px, py], i) => element('circle', { cx: frame.x(px), cy: frame.y(py), r: 3.5, fill: colour(args.classes[i]!), 'fill-opacity': 0.8 }))
    .join('');
  return svgRoot(WIDTH, HEIGHT, args.title, frame.axes, element('g', { class: 'points' }, dots), legend(args.classNames));
}
