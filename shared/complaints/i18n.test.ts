import { describe, expect, it } from 'vitest';
import { LANGS } from '../i18n/localized.js';
import { messages } from '../i18n/resources/index.js';
import { COMPLAINT_FLAG_CODES } from './document.js';
import {
  AppealOutcome,
  CallbackView,
  COMPLAINT_LEVELS,
  COMPLAINT_STATUSES,
  ComplaintAction,
  ComplaintCategory,
  ComplaintChannel,
  ComplaintKind,
  ContactHow,
  Complexity,
  Finding,
  HandOver,
} from './schema.js';
import { REFUSAL_REASONS } from './workflow.js';

/** Every machine value the complaint screens name, by message group. */
const NAMED: Record<string, readonly string[]> = {
  statuses: COMPLAINT_STATUSES,
  kinds: ComplaintKind.options,
  channels: ComplaintChannel.options,
  categories: ComplaintCategory.options,
  levels: COMPLAINT_LEVELS,
  complexity: Complexity.options,
  findings: Finding.options,
  contactHow: ContactHow.options,
  callbackViews: CallbackView.options,
  appealOutcomes: AppealOutcome.options,
  actions: ComplaintAction.options,
  handOverReasons: HandOver.shape.reason.options,
  extensions: ['complex', 'approved'],
  reminders: ['before_deadline', 'overdue', 'acknowledgement_overdue'],
  refusals: REFUSAL_REASONS,
  flags: COMPLAINT_FLAG_CODES,
};

describe('complaint UI strings', () => {
  it.each(LANGS)('%s names every state, channel, category, level, finding, step, reminder, refusal and flag — and nothing else', (lang) => {
    const strings = messages[lang].complaints as unknown as Record<string, Record<string, string>>;
    for (const [group, values] of Object.entries(NAMED)) {
      expect(Object.keys(strings[group] ?? {}).sort(), group).toEqual([...values].sort());
      for (const v of values) expect(strings[group]![v]!.trim().length, `${group}.${v}`).toBeGreaterThan(0);
    }
  });

  it('speaks the counter’s language', () => {
    expect(messages['zh-CN'].complaints.refusals.recusal).toBe('被投诉人须回避，不能办理此投诉');
    expect(messages['zh-TW'].complaints.statuses.closed).toBe('已辦結');
    expect(messages.en.complaints.flags.closed_while_escalated).toBe('Closed on one device while escalated on another');
  });
});
