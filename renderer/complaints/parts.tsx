import { useTranslation } from 'react-i18next';
import type { ComplaintStatus } from '../../shared/complaints/index.js';
import type { BranchConfig } from '../../shared/config/schema.js';
import { useLocalized } from '../i18n/index.js';
import { flagParts } from './steps.js';
import type { DeadlineState } from './deadlineView.js';

/** A complaint's state as a coloured pill. */
export function StatusPill({ status }: { status: ComplaintStatus }) {
  const { t } = useTranslation();
  return (
    <span className={`complaint-status complaint-status--${status}`} data-testid="complaint-status" data-status={status}>
      {t(`complaints.statuses.${status}`)}
    </span>
  );
}

/** Staff names from the branch configuration (the id itself for someone it does not list, e.g. "system"). */
export function useStaffName(config: BranchConfig): (id: string | null | undefined) => string {
  const { t } = useTranslation();
  const local = useLocalized();
  return (id) => {
    if (!id) return '—';
    if (id === 'system') return t('complaintScreens.detail.system');
    const s = config.staff.find((x) => x.id === id);
    return s ? local(s.name) : id;
  };
}

/**
 * The merge flags of a complaint (two devices that took steps while apart): always shown, each
 * in the screen's language with what was recorded, never hidden or resolved here.
 */
export function ComplaintFlags({ flags }: { flags: readonly string[] }) {
  const { t } = useTranslation();
  if (flags.length === 0) return null;
  return (
    <div className="complaint-flags" role="alert" data-testid="complaint-flags" data-count={flags.length}>
      <strong>{t('complaintScreens.detail.flags')}</strong>
      <p className="muted">{t('complaintScreens.detail.flagsHint')}</p>
      <ul>
        {flags.map((f) => {
          const { code, text, detail } = flagParts(t, f);
          return (
            <li key={f} data-testid="complaint-flag" data-code={code}>
              <span className="complaint-flags__text">{text}</span>
              {detail && <span className="complaint-flags__detail">{detail}</span>}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

/** The answer deadline as it stands today (`verbose`: say so when it no longer runs, rather than a dash). */
export function DeadlineChip({ state, verbose = false }: { state: DeadlineState; verbose?: boolean }) {
  const { t } = useTranslation();
  switch (state.kind) {
    case 'stopped':
      return (
        <span className="muted" data-testid="complaint-deadline" data-state="stopped">
          {verbose ? t('complaintScreens.deadline.stopped') : '—'}
        </span>
      );
    case 'today':
      return (
        <span className="complaint-deadline complaint-deadline--today" data-testid="complaint-deadline" data-state="today">
          {t('complaintScreens.deadline.today')}
        </span>
      );
    case 'overdue':
      return (
        <span className="complaint-deadline complaint-deadline--overdue" data-testid="complaint-deadline" data-state="overdue">
          {t('complaintScreens.deadline.overdue', { n: state.days })}
        </span>
      );
    case 'running':
      return (
        <span className={`complaint-deadline${state.workingDays <= 2 ? ' complaint-deadline--soon' : ''}`} data-testid="complaint-deadline" data-state="running" data-days={state.workingDays}>
          {t('complaintScreens.deadline.workingDays', { n: state.workingDays })}
        </span>
      );
  }
}
