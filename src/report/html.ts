/**
 * One self-contained HTML file (inline CSS and SVG, no scripts, nothing fetched), so a report can
 * be mailed, archived or opened offline and always shows the same thing.
 */
import { escapeText } from '../core/escape.js';

export interface ReportFigure {
  /** Inline SVG markup. */
  svg: string;
  caption: string;
}

export interface ReportSection {
  heading: string;
  /** Paragraphs of plain text. */
  notes?: readonly string[];
  figures?: readonly ReportFigure[];
  /** Trusted HTML built by Tempora (tables). */
  html?: string;
}

export interface ReportArgs {
  title: string;
  /** Plain-text lines under the title: settings, versions, date. */
  subtitle?: readonly string[];
  sections: readonly ReportSection[];
}

const STYLE = `
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 1200px; color: #222; padding: 0 1rem; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid #ddd; }
.subtitle { color: #555; margin: 0.1rem 0; }
.figures { display: flex; flex-wrap: wrap; gap: 1rem; }
figure { margin: 0; } figcaption { color: #555; font-size: 0.9rem; max-width: 560px; }
table { border-collapse: collapse; font-size: 0.9rem; margin: 0.5rem 0; display: block; max-width: 100%; overflow-x: auto; }
th, td { border: 1px solid #ccc; padding: 0.2rem 0.5rem; text-align: right; max-width: 36rem; }
/* A table of many methods scrolls sideways rather than break its names and numbers letter by letter. */
td { white-space: nowrap; }
th:first-child, td:first-child { text-align: left; }
td.best { font-weight: bold; }
`;

export function renderReport(args: ReportArgs): string {
  const sections = args.sections.map((s) => {
    const notes = (s.notes ?? []).map((n) => `<p>${escapeText(n)}</p>`).join('\n');
    const figures = (s.figures ?? []).map((f) => `<figure>${f.svg}<figcaption>${escapeText(f.caption)}</figcaption></figure>`).join('\n');
    return `<section>\n<h2>${escapeText(s.heading)}</h2>\n${notes}\n${figures ? `<div class="figures">\n${figures}\n</div>` : ''}\n${s.html ?? ''}\n</section>`;
  });
  const subtitle = (args.subtitle ?? []).map((line) => `<p class="subtitle">${escapeText(line)}</p>`).join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeText(args.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeText(args.title)}</h1>
${subtitle}
${sections.join('\n')}
</body>
</html>
`;
}
