// `node --import ./tests/support/tsLoader.mjs child.ts`: runs the TypeScript sources in a child
// process (the recorder crash test kills one with SIGKILL), without a build and without tsx.
// Types are stripped with the project's own TypeScript; imports written `./x.js` find `./x.ts`.
import { register } from 'node:module';

register('./tsHooks.mjs', import.meta.url);
