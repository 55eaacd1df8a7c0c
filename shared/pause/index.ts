export { PauseReason, PAUSE_REASONS, PausePolicy, PausePolicies, Pause, WindowStatus, PauseWindow } from './schema.js';
export { DEFAULT_PAUSE_POLICIES } from './defaults.js';
export { canPause, nearestOpenWindow, isOpen, pauseSign, newPause, approvePause, endPause, pauseState, pauseAlerts, handBack } from './rules.js';
export type { PauseRequest, PauseCheck, PauseSign, PauseState, PauseAlert, HandBack } from './rules.js';
