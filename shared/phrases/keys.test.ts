import { describe, expect, it } from 'vitest';
import { bankCatalogue, tollCatalogue } from './data/index.js';
import { actionsFor } from '../keypad/mapping.js';
import { hotKeyOfAction, hotKeyOfKeyboard, phraseForKey } from './keys.js';
import { phrasesForMoment } from './select.js';
import type { MomentContext } from './select.js';

const ctx = (extra: Partial<MomentContext> = {}): MomentContext => ({ date: new Date('2025-03-12T10:00:00+08:00'), timezone: 'Asia/Shanghai', ...extra });
const idOn = (list: ReturnType<typeof phrasesForMoment>, key: number) => phraseForKey(list, key)?.id ?? null;

describe('hotkey -> phrase, per moment', () => {
  it('1 greets when a ticket is called and says the business is done at finish', () => {
    const called = phrasesForMoment(bankCatalogue, 'ticket_called', ctx());
    expect([1, 2, 3].map((k) => idOn(called, k))).toEqual(['bank.greeting', 'bank.greeting.help', null]);
    const finished = phrasesForMoment(bankCatalogue, 'service_finished', ctx());
    expect([1, 2, 3].map((k) => idOn(finished, k))).toEqual(['bank.finished', 'bank.farewell', null]);
    const serving = phrasesForMoment(bankCatalogue, 'serving', ctx());
    expect(idOn(serving, 1)).toBe('bank.please_wait');
  });

  it('3 apologises for the wait only when the customer waited over the target', () => {
    expect(idOn(phrasesForMoment(bankCatalogue, 'ticket_called', ctx({ waitedSeconds: 1200, targetWaitSeconds: 900 })), 3)).toBe('bank.sorry_for_wait');
    expect(idOn(phrasesForMoment(bankCatalogue, 'ticket_called', ctx({ waitedSeconds: 600, targetWaitSeconds: 900 })), 3)).toBeNull();
  });

  it('gives the holiday greeting the first free key on a holiday, and special prompts the next ones', () => {
    const list = phrasesForMoment(bankCatalogue, 'ticket_called', ctx({ date: new Date('2026-02-17T10:00:00+08:00'), specialPrompts: ['bank.weather.ice_snow'] }));
    expect(idOn(list, 1)).toBe('bank.greeting');
    expect(idOn(list, 3)).toBe('bank.holiday.spring_festival');
    expect(idOn(list, 4)).toBe('bank.weather.ice_snow');
  });

  it('1 is the greeting of the part of the day at a toll booth', () => {
    expect(idOn(phrasesForMoment(tollCatalogue, 'ticket_called', ctx()), 1)).toBe('toll.greeting.morning');
    expect(idOn(phrasesForMoment(tollCatalogue, 'ticket_called', ctx({ date: new Date('2025-03-12T20:00:00+08:00') })), 1)).toBe('toll.greeting.evening');
  });
});

describe('keys and keypad actions', () => {
  it('maps digits 1-9 without modifiers', () => {
    expect(hotKeyOfKeyboard({ key: '1' })).toBe(1);
    expect(hotKeyOfKeyboard({ key: '9' })).toBe(9);
    expect(hotKeyOfKeyboard({ key: '0' })).toBeNull();
    expect(hotKeyOfKeyboard({ key: 'F1' })).toBeNull();
    expect(hotKeyOfKeyboard({ key: '1', ctrlKey: true })).toBeNull();
    expect(hotKeyOfKeyboard({ key: '1', altKey: true })).toBeNull();
  });

  it("reads the caller keypad's phrase actions as hotkeys 1-9, and nothing else", () => {
    const phraseActions = actionsFor('caller', 0).filter((a) => a.startsWith('phrase:'));
    expect(phraseActions.map(hotKeyOfAction)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(hotKeyOfAction('phrase:0')).toBeNull();
    expect(hotKeyOfAction('phrase:10')).toBeNull();
    expect(hotKeyOfAction('callNext')).toBeNull();
    expect(hotKeyOfAction('rate:1')).toBeNull();
  });
});
