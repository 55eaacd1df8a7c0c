import { z } from 'zod';
import { Localized } from '../i18n/localized.js';

/**
 * The business day's templates (晨会日志模板, the counter's opening checklist, the handover
 * record) as data: head office can change the items through the branch configuration
 * (`standards.businessDay`) without a new version of the software. The records keep the
 * template version they were filled on.
 */

/** An item's key inside its template: it names the answer in the stored record. */
export const TemplateKey = z.string().regex(/^[a-z][a-z0-9_]*$/, 'a template key is lower_snake_case').max(40);

export const TemplateItem = z.object({
  id: TemplateKey,
  label: Localized,
});
export type TemplateItem = z.infer<typeof TemplateItem>;

function uniqueIds(items: readonly { id: string }[]): boolean {
  return new Set(items.map((i) => i.id)).size === items.length;
}

export const ChecklistGroup = z.object({
  id: TemplateKey,
  label: Localized,
  items: z.array(TemplateItem).min(1),
});
export type ChecklistGroup = z.infer<typeof ChecklistGroup>;

/** The counter's opening checklist: every item is answered "ok" or "problem" (with a note). */
export const OpeningChecklistTemplate = z
  .object({
    version: z.number().int().positive(),
    groups: z.array(ChecklistGroup).min(1),
  })
  .refine((t) => uniqueIds(t.groups), 'group ids must differ')
  .refine((t) => uniqueIds(t.groups.flatMap((g) => g.items)), 'item ids must differ across the whole checklist');
export type OpeningChecklistTemplate = z.infer<typeof OpeningChecklistTemplate>;

/** A part of the morning meeting written in words (praise, today's plan ...). */
export const MeetingSection = z.object({
  id: TemplateKey,
  label: Localized,
  /** A required section must be written before the record counts as complete. */
  required: z.boolean(),
});
export type MeetingSection = z.infer<typeof MeetingSection>;

/** The morning meeting log (seed 002 5.1.2: appearance check, results, praise, plan). */
export const MorningMeetingTemplate = z
  .object({
    version: z.number().int().positive(),
    /** The mutual appearance check (仪容仪表互检), answered for every teller present. */
    appearance: z.array(TemplateItem).min(1),
    /** The written parts, in the order the meeting goes through them. */
    sections: z.array(MeetingSection).min(1),
    /** The meeting's usual length in minutes (seed: 10 to 15), shown to the chair. */
    minutes: z.object({ min: z.number().int().min(1), max: z.number().int().min(1) }).refine((m) => m.min <= m.max, 'min must not exceed max'),
  })
  .refine((t) => uniqueIds(t.appearance), 'appearance item ids must differ')
  .refine((t) => uniqueIds(t.sections), 'section ids must differ');
export type MorningMeetingTemplate = z.infer<typeof MorningMeetingTemplate>;

/** The shift handover (交接班): what is counted and handed over, and what is checked. */
export const HandoverTemplate = z
  .object({
    version: z.number().int().positive(),
    /** Counted and handed over: each gets an amount or count in words ("5,000.00", "12 份"). */
    handedOver: z.array(TemplateItem).min(1),
    /** Checked together at the counter: "ok" or "problem" (with a note). */
    checks: z.array(TemplateItem),
  })
  .refine((t) => uniqueIds(t.handedOver), 'handed-over item ids must differ')
  .refine((t) => uniqueIds(t.checks), 'check ids must differ');
export type HandoverTemplate = z.infer<typeof HandoverTemplate>;

export const BusinessDayTemplates = z.object({
  openingChecklist: OpeningChecklistTemplate,
  morningMeeting: MorningMeetingTemplate,
  handover: HandoverTemplate,
});
export type BusinessDayTemplates = z.infer<typeof BusinessDayTemplates>;

/** Every item of a checklist, in order. */
export function checklistItems(template: OpeningChecklistTemplate): TemplateItem[] {
  return template.groups.flatMap((g) => g.items);
}
