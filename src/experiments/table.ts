/** One table, three renderings: HTML for reports, Markdown for READMEs and notes, CSV for tools. */
import { escapeText } from '../core/escape.js';

export type Cell = string | number | null;

export interface Table {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly Cell[])[];
  /** Digits after the point for numbers (default 4). */
  readonly digits?: number;
  /** Cells to emphasise, as "row,column" keys. */
  readonly emphasis?: ReadonlySet<string>;
}

function show(cell: Cell, digits: number): string {
  if (cell === null) return '';
  return typeof cell === 'number' ? (Number.isFinite(cell) ? cell.toFixed(digits) : String(cell)) : cell;
}

export function tableToMarkdown(table: Table): string {
  const digits = table.digits ?? 4;
  const line = (cells: readonly string[]): string => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
  return [
    line(table.columns),
    line(table.columns.map((_, i) => (i === 0 ? '---' : '---:'))),
    ...table.rows.map((row, r) => line(row.map((c, i) => (table.emphasis?.has(`${r},${i}`) ? `**${show(c, digits)}**` : show(c, digits))))),
  ].join('\n') + '\n';
}

export function tableToCsv(table: Table): string {
  const quote = (s: string): string => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  // CSV keeps full precision: it is for further computation.
  const raw = (c: Cell): string => (c === null ? '' : String(c));
  return [table.columns.map(quote).join(','), ...table.rows.map((row) => row.map((c) => quote(raw(c))).join(','))].join('\n') + '\n';
}

export function tableToHtml(table: Table): string {
  const digits = table.digits ?? 4;
  const head = `<tr>${table.columns.map((c) => `<th>${escapeText(c)}</th>`).join('')}</tr>`;
  const body = table.rows
    .map((row, r) => `<tr>${row.map((c, i) => `<td${table.emphasis?.has(`${r},${i}`) ? ' class="best"' : ''}>${escapeText(show(c, digits))}</td>`).join('')}</tr>`)
    .join('\n');
  return `<table>\n<thead>${head}</thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}
