/**
 * Runs async jobs one at a time, in arrival order. The hub decides from its in-memory queue
 * and then commits; serialising the two keeps every decision based on committed state, so no
 * two counters can ever be given the same ticket.
 */
export function createSerial(): <T>(job: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(job: () => Promise<T>): Promise<T> => {
    const run = tail.then(job, job);
    tail = run.catch(() => undefined);
    return run;
  };
}
