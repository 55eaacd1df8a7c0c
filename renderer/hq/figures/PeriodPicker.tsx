import { DateField, MonthField } from '../../ui/DateFields.js';
import { useTranslation } from 'react-i18next';
import { shiftDay, shiftMonth } from '../../figures/format.js';

export interface Period {
  kind: 'day' | 'month';
  value: string;
}

/** Head office looks back: the default is last month, the one the monthly report covers. */
export function lastMonth(now: Date = new Date()): string {
  const thisMonth = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`;
  return shiftMonth(thisMonth, -1);
}

/** A month or a day, with previous/next; `allowDay` adds the month/day switch. */
export function PeriodPicker({ period, onChange, allowDay = false, testId }: { period: Period; onChange: (p: Period) => void; allowDay?: boolean; testId: string }) {
  const { t } = useTranslation();
  const step = (by: number) => onChange({ kind: period.kind, value: period.kind === 'month' ? shiftMonth(period.value, by) : shiftDay(period.value, by) });
  return (
    <div className="figures-toolbar hqf-period" data-testid={testId}>
      {allowDay && (
        <span className="cfg-tabs" role="radiogroup">
          {(['month', 'day'] as const).map((kind) => (
            <button
              key={kind}
              type="button"
              role="radio"
              aria-checked={period.kind === kind}
              className={`cfg-tab${period.kind === kind ? ' cfg-tab--on' : ''}`}
              data-testid={`${testId}-${kind}`}
              onClick={() => {
                if (kind === period.kind) return;
                // Month -> its first day; day -> its month.
                onChange(kind === 'day' ? { kind, value: `${period.value}-01` } : { kind, value: period.value.slice(0, 7) });
              }}
            >
              {t(kind === 'month' ? 'hqFigures.period.byMonth' : 'hqFigures.period.byDay')}
            </button>
          ))}
        </span>
      )}
      <button type="button" className="button button--small" onClick={() => step(-1)} aria-label={t('hqFigures.period.prev')} data-testid={`${testId}-prev`}>
        ‹
      </button>
      <label className="figures-toolbar__field">
        <span>{t(period.kind === 'month' ? 'hqFigures.period.month' : 'hqFigures.period.day')}</span>
        {period.kind === 'month' ? (
          <MonthField value={period.value} data-testid={`${testId}-input`} onChange={(v) => v && onChange({ kind: 'month', value: v })} />
        ) : (
          <DateField value={period.value} data-testid={`${testId}-input`} onChange={(v) => v && onChange({ kind: 'day', value: v })} />
        )}
      </label>
      <button type="button" className="button button--small" onClick={() => step(1)} aria-label={t('hqFigures.period.next')} data-testid={`${testId}-next`}>
        ›
      </button>
    </div>
  );
}
