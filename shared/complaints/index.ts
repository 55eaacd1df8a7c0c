// The complaint log's pure domain (issue 13): schemas, workflow, deadlines, masking, low ratings,
// and the mergeable document. See workflow.ts for the rules and the decisions behind them.
export * from './schema.js';
export {
  BranchType,
  DayUnit,
  CallbackRule,
  DeadlineRule,
  ComplaintPolicy,
  BANK_COMPLAINT_POLICY,
  GOVERNMENT_HALL_COMPLAINT_POLICY,
  OTHER_COMPLAINT_POLICY,
  COMPLAINT_POLICY_DEFAULTS,
  DEFAULT_COMPLAINT_POLICY,
  complaintPolicyFor,
} from './policy.js';
export { addCalendarDays, addWorkingDays, subtractWorkingDays, isWorkingDay, workingDayOnOrAfter, localDateOf, startOfLocalDay, endOfLocalDay } from './calendar.js';
export type { Ymd } from './calendar.js';
export { ruleFor, allowedDays, lastDay, acknowledgementDay, computeDeadlines, deadlinesOf, reminderFrom, dueReminders } from './deadlines.js';
export type { DeadlineInput, DueReminder, ReminderKind } from './deadlines.js';
export {
  REFUSAL_REASONS,
  STATUS_TRANSITIONS,
  STEP_STATES,
  SUPERVISOR_ROLES,
  ELIGIBLE_ROLES,
  statusTransitionAllowed,
  isOpen,
  levelOfRole,
  nextLevel,
  answerRequired,
  callbackRequiredFor,
  closeBlockers,
  makeStep,
  newComplaint,
  registerComplaint,
  acceptComplaint,
  startInvestigation,
  recordFinding,
  answerComplaint,
  recordCallback,
  closeComplaint,
  withdrawComplaint,
  reopenComplaint,
  escalateComplaint,
  handOverComplaint,
  extendDeadline,
  requestAppeal,
  reviewAppeal,
  applyCommand,
} from './workflow.js';
export type { ComplaintRefusal, RefusalReason, CloseRefusal, StepTaken, StepResult, NewItem } from './workflow.js';
export { maskPhone, canReveal, mayRevealPhone, withMaskedPhone, REVEAL_ROLES } from './masking.js';
export { ANONYMOUS, lowRatingItem, callbackRate, countsAgainstTeller } from './lowRating.js';
export type { LowRatingContext, LowRatingResult, CallbackRate } from './lowRating.js';
export {
  COMPLAINT_DOC_TYPE,
  COMPLAINT_FIELDS,
  COMPLAINT_FLAG_CODES,
  toFields,
  fromFields,
  changedFields,
  complaintOps,
  stepsOf,
  mergeComplaintOps,
  complaintMergeValidator,
} from './document.js';
export type { ComplaintFlagCode } from './document.js';
export * from './api.js';
