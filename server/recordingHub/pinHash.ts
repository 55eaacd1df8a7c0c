// Moved to the hub's access services (issue 12); kept so older imports keep working.
export { hashPin, verifyPin } from '../hub/access/pinHash.js';
