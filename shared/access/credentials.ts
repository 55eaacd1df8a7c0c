/**
 * How a request to the branch hub says who sends it (DESIGN.md §8, docs/security.md):
 * - the device: its enrolment token, header `x-guichet-device` (the sync API keeps
 *   `Authorization: Bearer <device token>`, which the hub also accepts as the device);
 * - the person: a staff session token, `Authorization: Bearer <session token>` on the LAN API;
 * - a third-party system: an integration API key, header `x-guichet-api-key`.
 * Browsers cannot set headers on a WebSocket, so sockets carry the same tokens as the query
 * parameters below; the hub never logs query strings.
 */
export const DEVICE_HEADER = 'x-guichet-device';
export const API_KEY_HEADER = 'x-guichet-api-key';
export const WS_DEVICE_PARAM = 'device';
export const WS_SESSION_PARAM = 'session';
