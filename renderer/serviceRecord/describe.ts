import type { TFunction } from 'i18next';
import type { BranchConfig } from '../../shared/config/schema.js';
import type { Localized } from '../../shared/i18n/localized.js';
import type { QueueEventType } from '../../shared/queue/events.js';
import type { EvidenceFlag } from '../../shared/recording/evidence.js';
import type { ServiceRecord, TimelineEntry } from '../../shared/serviceRecord/schema.js';
import { formatDuration } from '../ui/format.js';

/** What the page needs to put names on ids: the branch configuration and the language. */
export interface Words {
  t: TFunction;
  local: (text: Localized) => string;
  config: BranchConfig;
}

/** A person's name from the configuration, else their id (someone head office has since removed). */
export function staffName(w: Words, id: string | null): string {
  if (!id) return '–';
  const s = w.config.staff.find((x) => x.id === id);
  return s ? w.local(s.name) : id;
}

export function serviceName(w: Words, code: string): string {
  const s = w.config.services.find((x) => x.code === code);
  return s ? `${code} · ${w.local(s.name)}` : code;
}

/** "0:42", "1:02:05": a position in a recording or a length. */
export function clock(seconds: number): string {
  return formatDuration(Math.max(0, Math.floor(seconds)));
}

export function flagLabels(w: Words, flags: readonly EvidenceFlag[]): string[] {
  return flags.map((f) => w.t(`serviceRecord.flags.${f}`));
}

/** The title of one timeline entry ("叫号", "服务用语", ...). */
export function entryTitle(w: Words, e: TimelineEntry): string {
  return e.kind === 'queue' ? w.t(`serviceRecord.events.${e.type as QueueEventType}`) : w.t(`serviceRecord.kinds.${e.kind}`);
}

/** What else there is to say about an entry, in the screen's language ('' when nothing). */
export function entryDetail(w: Words, e: TimelineEntry, record: ServiceRecord): string {
  const { t } = w;
  switch (e.kind) {
    case 'queue': {
      const d = e.detail ?? {};
      const parts: string[] = [];
      if (e.type === 'ticket.transferred') {
        const where = d.toCounter ? t('serviceRecord.detail.window', { n: d.toCounter }) : d.toService ? t('serviceRecord.detail.service', { s: serviceName(w, d.toService) }) : '';
        if (where) parts.push(t('serviceRecord.detail.transferredTo', { where }));
      }
      if (e.type === 'service.item_added' && d.item) parts.push(t('serviceRecord.detail.item', { s: serviceName(w, d.item) }));
      if (e.type === 'ticket.called' && d.outOfOrder && d.reason) parts.push(t('serviceRecord.detail.outOfOrder', { reason: d.reason }));
      if (e.type === 'ticket.called' && d.waitSeconds !== undefined) parts.push(t('serviceRecord.detail.wait', { d: formatDuration(d.waitSeconds) }));
      if (e.type === 'service.finished' && d.outcome) parts.push(t(`common.outcome.${d.outcome}`));
      if (e.type === 'service.finished' && d.handlingSeconds !== undefined) parts.push(t('serviceRecord.detail.handling', { d: formatDuration(d.handlingSeconds) }));
      if (e.type === 'ticket.issued') parts.push(serviceName(w, record.ticket.service));
      return parts.join(' · ');
    }
    case 'phrase': {
      const p = record.phrases.find((x) => `phrase:${x.id}` === e.id);
      if (!p) return e.type;
      return `${p.text ? `“${w.local(p.text)}”` : p.phraseId} · ${t(`serviceRecord.phrases.how.${p.how}`)}`;
    }
    case 'pause_started':
    case 'pause_ended':
      return pauseReason(w, e.type);
    case 'recording_started':
    case 'recording_ended': {
      const r = record.recordings.find((x) => e.id.endsWith(`:${x.id}`));
      return r ? flagLabels(w, r.flags).join(' · ') : '';
    }
    case 'rating': {
      const r = record.ratings.find((x) => `rating:${x.serviceId}` === e.id);
      return r ? (r.label ? w.local(r.label) : String(r.value ?? '')) : e.type;
    }
    case 'complaint_step':
      return t(`complaints.actions.${e.type as 'register'}`);
  }
}

/** A pause reason's name as the branch configures it. */
export function pauseReason(w: Words, reason: string): string {
  const policy = (w.config.standards.pausePolicies as Record<string, { label: Localized } | undefined>)[reason];
  return policy ? w.local(policy.label) : reason;
}
