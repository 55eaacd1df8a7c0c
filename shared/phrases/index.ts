// Standard phrases (服务用语) for the counter: schemas, the shipped catalogues, the occasion of
// the day, the selection of phrases per moment, hotkeys, speech clips, use events and rates.
export * from './schema.js';
export { localDay, occasionOn, occasionsOn, OCCASION_PRECEDENCE, type LocalDay } from './holidays.js';
export { dayPartAt, holidayGreetingsFor, phrasesForMoment, specialPromptsOf, type MomentContext } from './select.js';
export {
  bankCatalogue,
  DEFAULT_CATALOGUE_BY_BRANCH_KIND,
  defaultCatalogues,
  governmentCatalogue,
  housingFundCatalogue,
  telecomCatalogue,
  tollCatalogue,
} from './data/index.js';
export { branchCatalogue, defaultCatalogueFor, type CatalogueChoice } from './catalogue.js';
export { counterMoment, momentContext, type CounterMoment, type CounterMomentInput } from './moment.js';
export { hotKeyOfAction, hotKeyOfKeyboard, phraseForKey } from './keys.js';
export * from './speech.js';
export * from './usage.js';
export * from './rates.js';
