/** Minimal SVG/HTML markup building: escaped text and attributes, nothing else. */
import { escapeText } from '../../core/escape.js';

export type Attributes = Readonly<Record<string, string | number | undefined>>;

/** An element as text; children are already-built markup. */
export function element(tag: string, attributes: Attributes, ...children: string[]): string {
  const attrs = Object.entries(attributes)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${escapeText(typeof v === 'number' ? formatNumber(v) : v!)}"`)
    .join('');
  return children.length === 0 ? `<${tag}${attrs}/>` : `<${tag}${attrs}>${children.join('')}</${tag}>`;
}

export function text(x: number, y: number, content: string, attributes: Attributes = {}): string {
  return element('text', { x, y, ...attributes }, escapeText(content));
}

/** Short decimal form for coordinates: keeps files small and diffs stable. */
export function formatNumber(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(2);
}

/** The outer <svg> with an accessible title. */
export function svgRoot(width: number, height: number, title: string, ...children: string[]): string {
  return element(
    'svg',
    { xmlns: 'http://www.w3.org/2000/svg', viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', 'font-family': 'system-ui, sans-serif', 'font-size': 12 },
    element('title', {}, escapeText(title)),
    ...children,
  );
}
