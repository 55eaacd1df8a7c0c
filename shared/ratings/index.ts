export { RatingLevel, RatingScale, RatingSource, RatingInput, ServiceRecord, RatingRecord, RatingSettings } from './schema.js';
export { BANK_SCALE, GOV_SCALE, DEFAULT_RATING_TIMEOUT_SECONDS, DEFAULT_RATING_SETTINGS } from './scales.js';
export { acceptRating, attributeRating, dayScore, needsFollowUp, ratingLevel } from './rules.js';
export type { CustomerSource, AcceptedRating, RatingRefusal, RatingCheck, RatingAttribution, DayScore } from './rules.js';
