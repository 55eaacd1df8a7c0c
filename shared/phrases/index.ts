// Standard phrases (服务用语) for the counter: schemas, the shipped catalogues, the occasion of
// the day and the selection of phrases per moment. Not wired into any screen yet.
export * from './schema.js';
export { localDay, occasionOn, occasionsOn, OCCASION_PRECEDENCE, type LocalDay } from './holidays.js';
export { dayPartAt, holidayGreetingsFor, phrasesForMoment, specialPromptsOf, type MomentContext } from './select.js';
export { bankCatalogue, defaultCatalogues, tollCatalogue } from './data/index.js';
