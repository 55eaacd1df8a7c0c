import { useEffect, useState } from 'react';
import type { InputHTMLAttributes } from 'react';

/*
 * Date and time entry that reads the same in every screen language. The browser's own date and
 * time inputs draw themselves in the machine's locale
 * (mm/dd/yyyy, 11:41 AM on an en-US install) whatever the screen's language, so the staff
 * screens use these instead: year-month-day and the 24-hour clock, typed as digits.
 */

/** "9:5" → "09:05", "930" → "09:30", "0930" → "09:30", "14.30" → "14:30"; null when it is no time of day. */
export function normalizeTime(text: string): string | null {
  const t = text.trim();
  const m = /^(\d{1,2})[:：.h](\d{1,2})$/.exec(t) ?? /^(\d{1,2})(\d{2})$/.exec(t);
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (h > 23 || min > 59) return null;
  return `${String(h).padStart(2, '0')}:${String(min).padStart(2, '0')}`;
}

/** "2026-12-7", "2026/12/07", "2026.12.07", "20261207", "2026年12月7日" → "2026-12-07"; null when it is no date. */
export function normalizeDate(text: string): string | null {
  const t = text.trim();
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(t) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(t);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return `${m[1]}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** "2026-1", "2026/01", "2026.01", "202601", "2026年1月" → "2026-01"; null when it is no month. */
export function normalizeMonth(text: string): string | null {
  const t = text.trim();
  const m = /^(\d{4})[-/.年](\d{1,2})月?$/.exec(t) ?? /^(\d{4})(\d{2})$/.exec(t);
  if (!m) return null;
  const mo = Number(m[2]);
  if (mo < 1 || mo > 12) return null;
  return `${m[1]}-${String(mo).padStart(2, '0')}`;
}

type FieldProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'type' | 'value' | 'onChange' | 'min' | 'max'> & {
  /** "HH:MM" / "YYYY-MM-DD", or "" for none. */
  value: string;
  /** The value as typed once it is a whole time or date (normalised), "" while it is not. */
  onChange: (value: string) => void;
};

function TextField({ value, onChange, normalize, placeholder, onBlur, ...rest }: FieldProps & { normalize: (text: string) => string | null }) {
  const [text, setText] = useState(value);
  // The owner's value wins unless it is what the text already says (a half-typed entry stays).
  useEffect(() => {
    setText((current) => ((normalize(current) ?? '') === value ? current : value));
  }, [value, normalize]);
  return (
    <input
      type="text"
      inputMode="numeric"
      autoComplete="off"
      spellCheck={false}
      placeholder={placeholder}
      {...rest}
      value={text}
      onChange={(e) => {
        setText(e.target.value);
        onChange(normalize(e.target.value) ?? '');
      }}
      onBlur={(e) => {
        const n = normalize(text);
        if (n !== null) setText(n);
        onBlur?.(e);
      }}
    />
  );
}

/** A time of day, 24-hour "HH:MM", in every language. */
export function TimeField(props: FieldProps) {
  return <TextField placeholder="HH:MM" maxLength={8} {...props} normalize={normalizeTime} />;
}

/** A date "YYYY-MM-DD", in every language. */
export function DateField(props: FieldProps) {
  return <TextField placeholder="YYYY-MM-DD" maxLength={12} {...props} normalize={normalizeDate} />;
}

/** A month "YYYY-MM", in every language. */
export function MonthField(props: FieldProps) {
  return <TextField placeholder="YYYY-MM" maxLength={9} inputMode="numeric" {...props} normalize={normalizeMonth} />;
}
