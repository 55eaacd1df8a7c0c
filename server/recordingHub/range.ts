/**
 * One HTTP byte range (RFC 9110 §14) of a file of `size` bytes, as <audio> asks for it when the
 * lead seeks: "bytes=a-b", "bytes=a-" or "bytes=-n".
 * - null: no usable Range header (absent, not bytes, several ranges): answer 200 with the whole file;
 * - 'unsatisfiable': answer 416 with "Content-Range: bytes * /size";
 * - otherwise the inclusive [start, end] to send with 206.
 */
export type ByteRange = { start: number; end: number } | 'unsatisfiable' | null;

export function parseRange(header: string | undefined, size: number): ByteRange {
  if (header === undefined) return null;
  const m = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  if (!m) return null;
  const [first, last] = [m[1]!, m[2]!];
  if (first === '' && last === '') return null;
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  if (!Number.isSafeInteger(start) || start >= size) return 'unsatisfiable';
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (!Number.isSafeInteger(end) || end < start) return last !== '' && Number(last) < start ? null : 'unsatisfiable';
  return { start, end };
}
