/** Walks a text line by line with 1-based line numbers, without splitting the whole text at once. */
export class LineCursor {
  private position = 0;
  /** 1-based number of the line last returned by `next` (0 before the first). */
  lineNumber = 0;

  constructor(private readonly text: string) {
    // A UTF-8 byte-order mark is not part of the first line's content.
    if (text.charCodeAt(0) === 0xfeff) this.position = 1;
  }

  /** The next line without its line end ('\n' or '\r\n'), or null at the end of the text. */
  next(): string | null {
    const { text } = this;
    if (this.position > text.length) return null;
    let end = text.indexOf('\n', this.position);
    if (end < 0) {
      if (this.position === text.length) {
        this.position++;
        return null; // the text ended with a line end: no extra empty line
      }
      end = text.length;
    }
    const stop = end > this.position && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
    const line = text.slice(this.position, stop);
    this.position = end + 1;
    this.lineNumber++;
    return line;
  }
}

/** Whether a line holds nothing but white space. */
export function isBlank(line: string): boolean {
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 13 && c !== 11 && c !== 12) return false;
  }
  return true;
}
