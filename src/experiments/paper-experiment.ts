/** What the two papers' experiments share: their datasets in the data folder and their tables. */
import { dataRoot } from '../data/data-root.js';
import { listDatasets } from '../data/dataset.js';
import { paperTablePath, readPaperTable, type PaperTable } from './paper-tables.js';

type TableName = Parameters<typeof paperTablePath>[0];

const cache = new Map<string, PaperTable | null>();

/** A paper table, read once; null when the papers folder is absent. */
export function paperTable(name: TableName, keyColumns = 1): PaperTable | null {
  if (!cache.has(name)) {
    const path = paperTablePath(name);
    cache.set(name, path ? readPaperTable(path, keyColumns) : null);
  }
  return cache.get(name)!;
}

/** The datasets of a paper table that the data folder holds, sorted. */
export function datasetsInDataFolder(tableDatasets: Iterable<string>): string[] {
  const root = dataRoot();
  if (root === null) return [];
  const present = new Set(listDatasets(root));
  return [...new Set(tableDatasets)].filter((d) => present.has(d)).sort();
}
