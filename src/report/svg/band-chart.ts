/** Mean curves with a shaded band of ± one spread each (cluster means with their standard deviation). */
import { OptionError } from '../../core/errors.js';
import { element, svgRoot } from './markup.js';
import { colour } from './palette.js';
import { HEIGHT, WIDTH, legend, plotFrame } from './plot-frame.js';

export interface Band {
  name: string;
  /** Mean at x = 1, 2, ... */
  mean: ArrayLike<number>;
  /** Half-width of the band at each x (for example the standard deviation). */
  spread: ArrayLike<number>;
}

export interface BandChartArgs {
  title: string;
  bands: readonly Band[];
  xLabel: string;
  yLabel: string;
}

export function bandChart(args: BandChartArgs): string {
  const xs: number[] = [];
  const ys: number[] = [];
  for (const band of args.bands) {
    for (let t = 0; t < band.mean.length; t++) {
      xs.push(t + 1, t + 1);
      ys.push(band.mean[t]! - band.spread[t]!, band.mean[t]! + band.spread[t]!);
    }
  }
  if (xs.length === 0 || !ys.every(Number.isFinite)) throw new OptionError(`band chart "${args.title}": needs finite means and spreads`);
  const frame = plotFrame(xs, ys, args.xLabel, args.yLabel);
  const shapes = args.bands
    .map((band, i) => {
      const c = colour(i);
      const upper = Array.from({ length: band.mean.length }, (_, t) => `${frame.x(t + 1).toFixed(1)},${frame.y(band.mean[t]! + band.spread[t]!).toFixed(1)}`);
      const lower = Array.from({ length: band.mean.length }, (_, t) => `${frame.x(t + 1).toFixed(1)},${frame.y(band.mean[t]! - band.spread[t]!).toFixed(1)}`).reverse();
      const mean = Array.from({ length: band.mean.length }, (_, t) => `${t === 0 ? 'M' : 'L'}${frame.x(t + 1).toFixed(1)},${frame.y(band.mean[t]!).toFixed(1)}`).join('');
      return (
        element('polygon', { points: [...upper, ...lower].join(' '), fill: c, 'fill-opacity': 0.18, stroke: 'none' }) +
        element('path', { d: mean, fill: 'none', stroke: c, 'stroke-width': 1.8 })
      );
    })
    .join('');
  return svgRoot(WIDTH, HEIGHT, args.title, frame.axes, element('g', { class: 'bands' }, shapes), legend(args.bands.map((b) => b.name)));
}
