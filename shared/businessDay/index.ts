export * from './templates.js';
export { DEFAULT_BUSINESS_DAY_TEMPLATES } from './defaults.js';
export * from './records.js';
export * from './completeness.js';
export * from './readiness.js';
export * from './figures.js';
export * from './api.js';
