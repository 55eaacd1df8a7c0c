import { z } from 'zod';
import { DEFAULT_BUSINESS_DAY_TEMPLATES } from '../businessDay/defaults.js';
import { BusinessDayTemplates } from '../businessDay/templates.js';
import { DEFAULT_PAUSE_POLICIES } from '../pause/defaults.js';
import { DEFAULT_OPEN_WINDOWS, OpenWindowsPolicy, PausePolicies } from '../pause/schema.js';
import { PhraseCatalogue } from '../phrases/schema.js';
import { DEFAULT_RATING_SETTINGS } from '../ratings/scales.js';
import { RatingSettings } from '../ratings/schema.js';
import { DEFAULT_RECORDING_SETTINGS, RecordingSettings } from '../recording/settings.js';

/**
 * The counter's service standards as head office configures them: every part has the seed
 * documents' default, so a branch configuration without this section is still complete.
 */
export const ServiceStandards = z.object({
  /** Allowed length, consent and sign text per pause reason. */
  pausePolicies: PausePolicies.default(DEFAULT_PAUSE_POLICIES),
  /** The least open windows during opening hours, and the lead's say in closing one (seed 000). */
  openWindows: OpenWindowsPolicy.default(DEFAULT_OPEN_WINDOWS),
  /** The rating scale (4-level bank or 5-level government) and the customer's time to answer. */
  ratings: RatingSettings.default(DEFAULT_RATING_SETTINGS),
  /**
   * The branch's phrase catalogue: data, versioned, replaced by head office through sync. Absent:
   * the default catalogue of the branch's `branchType`; read it with `branchCatalogue(config)`
   * (shared/phrases/catalogue.ts).
   */
  phraseCatalogue: PhraseCatalogue.optional(),
  /** Windows are ready this long before opening; a window not open at opening time is an alert. */
  readyMinutesBeforeOpening: z.number().int().min(0).max(120).default(10),
  /** The morning-meeting log, the opening checklist and the handover record, as templates (shared/businessDay). */
  businessDay: BusinessDayTemplates.default(DEFAULT_BUSINESS_DAY_TEMPLATES),
  recording: RecordingSettings.default(DEFAULT_RECORDING_SETTINGS),
});
export type ServiceStandards = z.infer<typeof ServiceStandards>;
