import type { TFunction } from 'i18next';
import type { AlertRecord } from '../../shared/alerts/schema.js';
import type { BranchConfig } from '../../shared/config/schema.js';
import type { Lang, Localized } from '../../shared/i18n/localized.js';
import { formatDuration, formatLocalSlot, formatTarget, localDate } from '../ui/format.js';

export interface AlertWords {
  /** What happened, in the screen's language. */
  text: string;
  /** What would fix it, when the rule knows ("open window 4 for A"). */
  fix: string | null;
}

/** An alert as the lead reads it: built from its kind and detail, never from text the hub wrote. */
export function alertWords(t: TFunction, a: AlertRecord, config: BranchConfig, lang: Lang, local: (text: Localized) => string): AlertWords {
  const d = a.detail;
  const tz = config.hours.timezone;
  const serviceName = (code: string | undefined) => {
    const s = config.services.find((x) => x.code === code);
    return s ? `${s.code} ${local(s.name)}` : (code ?? '');
  };
  const staffName = (id: string | undefined) => {
    const s = config.staff.find((x) => x.id === id);
    return s ? local(s.name) : (id ?? '');
  };
  switch (a.kind) {
    case 'waiting_count':
      return { text: t('alerts.text.waiting_count', { waiting: d.waiting ?? 0, threshold: d.threshold ?? 0 }), fix: null };
    case 'wait_breach_forecast': {
      const service = serviceName(d.service);
      const target = formatTarget(d.targetWaitSeconds ?? 0, lang);
      const breachIn = d.breachInSeconds ?? 0;
      const text = breachIn > 0 ? t('alerts.text.wait_breach_forecast', { service, target, minutes: Math.max(1, Math.ceil(breachIn / 60)) }) : t('alerts.text.wait_breached', { service, target });
      const fix = d.suggestOpenCounter !== undefined ? t('alerts.text.open_window', { counter: d.suggestOpenCounter, service: d.service ?? '' }) : null;
      return { text, fix };
    }
    case 'window_not_open':
      return { text: t('alerts.text.window_not_open', { counter: d.counter ?? a.subject, time: d.openedAtLocal ? formatLocalSlot(d.openedAtLocal, a.businessDay, lang) : '' }), fix: null };
    case 'pause_overrun': {
      const overrun = formatDuration(d.overrunSeconds ?? 0);
      return {
        text: d.staffId ? t('alerts.text.pause_overrun_teller', { counter: d.counter ?? a.subject, name: staffName(d.staffId), overrun }) : t('alerts.text.pause_overrun', { counter: d.counter ?? a.subject, overrun }),
        fix: null,
      };
    }
    case 'complaint_deadline': {
      // A deadline is 24:00 of its last day: the lead reads the last day itself.
      const due = d.dueAt ? localDate(new Date(Date.parse(d.dueAt) - 1), tz) : '';
      const reminder = t(`alerts.reminder.${d.reminder ?? 'before_deadline'}`);
      return { text: t('alerts.text.complaint_deadline', { id: (d.complaintId ?? a.subject).slice(-6), reminder, due, name: staffName(d.staffId) }), fix: null };
    }
  }
}
