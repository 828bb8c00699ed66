/** Line chart of named series over a shared x axis (training curves of each loss). */
import { OptionError } from '../../core/errors.js';
import { element, svgRoot } from './markup.js';
import { colour } from './palette.js';
import { HEIGHT, WIDTH, legend, plotFrame } from './plot-frame.js';

export interface LineSeries {
  name: string;
  /** [x, y] pairs, x increasing. */
  points: readonly (readonly [number, number])[];
}

export interface LineChartArgs {
  title: string;
  series: readonly LineSeries[];
  xLabel: string;
  yLabel: string;
}

export function lineChart(args: LineChartArgs): string {
  const all = args.series.flatMap((s) => s.points).filter(([, y]) => Number.isFinite(y));
  if (all.length === 0) throw new OptionError(`line chart "${args.title}": no finite points`);
  const frame = plotFrame(all.map((p) => p[0]), all.map((p) => p[1]), args.xLabel, args.yLabel);
  const lines = args.series
    .map((s, i) => {
      const d = s.points
        .filter(([, y]) => Number.isFinite(y))
        .map(([x, y], k) => `${k === 0 ? 'M' : 'L'}${frame.x(x).toFixed(1)},${frame.y(y).toFixed(1)}`)
        .join('');
      return element('path', { d, fill: 'none', stroke: colour(i), 'stroke-width': 1.8 });
    })
    .join('');
  return svgRoot(WIDTH, HEIGHT, args.title, frame.axes, element('g', { class: 'lines' }, lines), legend(args.series.map((s) => s.name)));
}
