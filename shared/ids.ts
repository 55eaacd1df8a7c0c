import { monotonicFactory } from 'ulid';

/** Globally unique, time-ordered ids made on the device (ULID); monotonic within a process. */
export const newId: () => string = monotonicFactory();
