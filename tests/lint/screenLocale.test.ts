// Issue 14: dates and times followed the browser's locale (mm/dd/yyyy, 11:41 AM) instead of the
// screen's language. Every screen formats through renderer/ui/format.ts (the screen's language,
// 24-hour) and takes dates and times with renderer/ui/DateFields.tsx; this walks renderer/ so a
// new toLocaleString() or <input type="date"> does not bring the browser's locale back.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$|\.testing\.ts$/.test(e.name) ? [path] : [];
  });
}

const FORBIDDEN: Array<[RegExp, string]> = [
  [/\.toLocale(?:Date|Time)?String\(/, 'toLocale*String: the browser’s locale; use renderer/ui/format.ts'],
  [/Intl\.DateTimeFormat\(\s*(?:undefined|\)|\[\])/, 'Intl.DateTimeFormat without a locale: the browser’s; use renderer/ui/format.ts'],
  [/type=["'](?:date|time|datetime-local|month|week)["']/, 'a native date or time input draws itself in the machine’s locale; use DateField / TimeField (renderer/ui/DateFields.tsx)'],
  // The same, chosen by an expression: type={kind === 'month' ? 'month' : 'date'}.
  [/type=\{[^}]*["'](?:date|time|datetime-local|month|week)["'][^}]*\}/, 'a native date or time input (chosen by an expression) draws itself in the machine’s locale; use DateField / MonthField (renderer/ui/DateFields.tsx)'],
];

describe('screens format dates and times in their own language', () => {
  it('no renderer source uses the browser’s locale for a date or a time', () => {
    const found: string[] = [];
    for (const file of sources(join(root, 'renderer'))) {
      const text = readFileSync(file, 'utf8');
      for (const [pattern, why] of FORBIDDEN) if (pattern.test(text)) found.push(`${relative(root, file)}: ${why}`);
    }
    expect(found).toEqual([]);
  });
});
