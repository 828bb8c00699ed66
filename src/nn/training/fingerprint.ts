/** Identifies a training run's data and settings, so that a checkpoint is never resumed on something else. */

/** FNV-1a over the bytes of each array, then the settings as JSON. */
export function fingerprint(arrays: readonly ArrayBufferView[], settings: unknown): string {
  let h = 0x811c9dc5;
  for (const array of arrays) {
    const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
    for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  }
  return `${(h >>> 0).toString(16)}:${JSON.stringify(settings)}`;
}
