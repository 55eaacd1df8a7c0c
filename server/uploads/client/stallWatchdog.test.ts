import { afterEach, describe, expect, it, vi } from 'vitest';
import { StallWatchdog } from './stallWatchdog.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('the stall watchdog', () => {
  it('fires once when nothing moved for the timeout, and not while progress keeps coming', () => {
    vi.useFakeTimers();
    const onStall = vi.fn();
    const dog = new StallWatchdog(1_000, onStall);
    dog.start();
    for (let i = 0; i < 10; i++) {
      vi.advanceTimersByTime(900);
      dog.kick();
    }
    expect(onStall).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1_000);
    expect(onStall).toHaveBeenCalledTimes(1);
    dog.kick(); // a late progress event after the stall must not re-arm it
    vi.advanceTimersByTime(5_000);
    expect(onStall).toHaveBeenCalledTimes(1);
  });

  it('stays quiet once stopped', () => {
    vi.useFakeTimers();
    const onStall = vi.fn();
    const dog = new StallWatchdog(100, onStall);
    dog.start();
    dog.stop();
    vi.advanceTimersByTime(1_000);
    expect(onStall).not.toHaveBeenCalled();
  });
});
