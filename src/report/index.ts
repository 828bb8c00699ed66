/** 'tempora/report': self-contained HTML reports of a run and of a reproduction, and their SVG figures. */
export { renderReport } from './html.js';
export type { ReportArgs, ReportSection, ReportFigure } from './html.js';
export { runReport } from './run-report.js';
export type { RunReportArgs } from './run-report.js';
export { resultsReport } from './results-report.js';
export type { ResultsReport, ResultsReportArgs, NamedTable } from './results-report.js';
export { scatterPlot } from './svg/scatter.js';
export { lineChart } from './svg/line-chart.js';
export { cdDiagram } from './svg/cd-diagram.js';
