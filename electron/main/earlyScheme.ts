// Imported first by main.ts. Scheme privileges must be registered before 'ready', and ES
// modules run their imports before the importer's body: a slow or async import of the hub
// must not get ahead of this.
import { protocol } from 'electron';
import { registerAppScheme } from './protocol.js';

registerAppScheme(protocol);
