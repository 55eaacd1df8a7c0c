export { RatingLevel, RatingScale, RatingSource, RatingInput, ServiceRecord, RatingRecord, RatingSettings } from './schema.js';
export { BANK_SCALE, GOV_SCALE, DEFAULT_RATING_TIMEOUT_SECONDS, DEFAULT_RATING_SETTINGS } from './scales.js';
export { acceptRating, attributeRating, dayScore, needsFollowUp, ratingLevel } from './rules.js';
export type { CustomerSource, AcceptedRating, RatingRefusal, RatingCheck, RatingAttribution, DayScore } from './rules.js';
export { CounterRatingState, DayScoreView, FollowUp, FollowUpList, FollowUpRating, RatingAccepted, RatingAnswer, RatingNotice, RatingPrompt } from './api.js';
export { FOLLOW_UP_DOC_TYPE, followUpFields, followUpOf } from './followUp.js';
export type { FollowUpContext } from './followUp.js';
