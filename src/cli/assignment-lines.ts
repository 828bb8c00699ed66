/**
 * The per-row output of `cluster FILE`, `classify FILE` and `predict`: the row (1-based, in the
 * input's order), its cluster or class, and the method's score of it; CSV, or JSON Lines for
 * `.jsonl`, written atomically (a failed run leaves no half-written file).
 */
import { writeFileAtomic } from '../core/atomic.js';

export interface AssignmentColumns {
  /** 'cluster' or 'class'. */
  readonly column: string;
  readonly values: ArrayLike<number>;
  /** 'distance' or 'probability', with one value per row. */
  readonly score?: { readonly name: string; readonly values: ArrayLike<number> };
  /** Extra text columns (a class's name). */
  readonly extra?: { readonly name: string; readonly values: readonly string[] };
}

export function isJsonLinesPath(path: string): boolean {
  return /\.(jsonl|ndjson)$/i.test(path);
}

export function assignmentText(columns: AssignmentColumns, jsonLines: boolean): string {
  const { column, values, score, extra } = columns;
  const lines: string[] = [];
  if (!jsonLines) lines.push(['row', column, ...(extra ? [extra.name] : []), ...(score ? [score.name] : [])].join(','));
  for (let i = 0; i < values.length; i++) {
    if (jsonLines) {
      lines.push(JSON.stringify({ row: i + 1, [column]: values[i], ...(extra ? { [extra.name]: extra.values[i] } : {}), ...(score ? { [score.name]: score.values[i] } : {}) }));
    } else {
      lines.push([i + 1, values[i], ...(extra ? [csvField(extra.values[i]!)] : []), ...(score ? [score.values[i]] : [])].join(','));
    }
  }
  return lines.join('\n') + '\n';
}

/** Writes the lines to `out` atomically (format by its extension), or returns them for stdout. */
export function writeAssignments(columns: AssignmentColumns, out: string | undefined, json: boolean): string | null {
  if (out === undefined) return assignmentText(columns, json);
  writeFileAtomic(out, assignmentText(columns, isJsonLinesPath(out)));
  return null;
}

function csvField(text: string): string {
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
