import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { counterCommandAt, counterCommands, parseCounterCommand } from './counterCommands.js';
import type { CounterCommandKind } from './counterCommands.js';

const kinds = Object.keys(counterCommands) as CounterCommandKind[];
const routes = kinds.map((k) => counterCommands[k].route);

/** The actions in the table of docs/api.md's "Window commands" section. */
function documentedActions(): string[] {
  const doc = readFileSync(new URL('../../docs/api.md', import.meta.url), 'utf8');
  const section = doc.split(/^## /m).find((s) => s.startsWith('Window commands'));
  if (!section) throw new Error('docs/api.md has no "Window commands" section');
  return [...section.matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1] as string);
}

describe('the counter command table', () => {
  it('gives every command its own URL segment', () => {
    expect(new Set(routes).size).toBe(routes.length);
    for (const kind of kinds) expect(counterCommandAt(counterCommands[kind].route)).toBe(kind);
  });

  it('finds no command at a segment it does not list', () => {
    expect(counterCommandAt('add-item')).toBeUndefined();
    expect(counterCommandAt('dance')).toBeUndefined();
    expect(counterCommandAt('__proto__')).toBeUndefined();
  });

  it('is the list docs/api.md documents, no more and no less', () => {
    expect([...documentedActions()].sort()).toEqual([...routes].sort());
  });

  it('fills an absent body only where {} is a valid body', () => {
    expect(parseCounterCommand('call-next', undefined)).toEqual({ kind: 'call-next' });
    expect(parseCounterCommand('finish', undefined)).toEqual({ kind: 'finish', outcome: 'completed' });
    expect(() => parseCounterCommand('call', undefined)).toThrow(/expected object/);
    expect(() => parseCounterCommand('transfer', {})).toThrow(/not both/);
    expect(() => parseCounterCommand('transfer', { toService: 'B', toCounter: 2 })).toThrow(/not both/);
    expect(() => parseCounterCommand('hold', { extra: 1 })).toThrow();
  });

  it('trims the reason of an out-of-order call and keeps its bounds', () => {
    expect(parseCounterCommand('call', { ticketId: 't1', reason: '  vip  ' })).toEqual({ kind: 'call', ticketId: 't1', reason: 'vip' });
    expect(() => parseCounterCommand('call', { ticketId: 't1', reason: ' x ' })).toThrow();
    expect(() => parseCounterCommand('call', { ticketId: 't1', reason: 'x'.repeat(201) })).toThrow();
  });
});
