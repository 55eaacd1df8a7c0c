import type { PhraseCatalogue } from '../schema.js';
import { bankCatalogue } from './bank.js';
import { tollCatalogue } from './toll.js';

export { bankCatalogue, tollCatalogue };

/** The catalogues shipped with the app, until head office sends newer versions. */
export const defaultCatalogues: readonly PhraseCatalogue[] = [bankCatalogue, tollCatalogue];
