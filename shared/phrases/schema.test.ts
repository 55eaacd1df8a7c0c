import { describe, expect, it } from 'vitest';
import { COUNTER_SITUATIONS, Phrase, PhraseCatalogue, Situation, type PhraseCatalogueInput } from './schema.js';

const text = (s: string) => ({ 'zh-CN': s, 'zh-TW': s, en: s });

function catalogue(phrases: PhraseCatalogueInput['phrases'], extra: Partial<PhraseCatalogueInput> = {}): PhraseCatalogueInput {
  return { id: 'test', version: 1, name: text('测试'), phrases, ...extra };
}

const issues = (input: unknown) => {
  const result = PhraseCatalogue.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('phrase schema', () => {
  it('lists the 22 situations of seed 003 (4), in its order, first in the Situation enum', () => {
    expect(COUNTER_SITUATIONS).toHaveLength(22);
    expect(Situation.options.slice(0, 22)).toEqual([...COUNTER_SITUATIONS]);
    expect(COUNTER_SITUATIONS[2]).toBe('greeting');
    expect(COUNTER_SITUATIONS[20]).toBe('farewell');
    expect(new Set(Situation.options).size).toBe(Situation.options.length);
  });

  it('accepts a minimal catalogue and fills in the optional lists', () => {
    const parsed = PhraseCatalogue.parse(catalogue([{ id: 'a', situation: 'greeting', text: text('您好') }]));
    expect(parsed.holidayGreetings).toEqual([]);
    expect(parsed.forbidden).toEqual([]);
  });

  it('requires every language, non-empty', () => {
    expect(Phrase.safeParse({ id: 'a', situation: 'greeting', text: { 'zh-CN': '您好', en: 'Hello' } }).success).toBe(false);
    expect(Phrase.safeParse({ id: 'a', situation: 'greeting', text: { 'zh-CN': '您好', 'zh-TW': '', en: 'Hello' } }).success).toBe(false);
  });

  it('rejects unknown situations and moments, bad ids and hotkeys outside 1-9', () => {
    const ok = { id: 'a.b', situation: 'greeting', text: text('x'), moments: ['ticket_called'], key: 1 };
    expect(Phrase.safeParse(ok).success).toBe(true);
    expect(Phrase.safeParse({ ...ok, situation: 'small_talk' }).success).toBe(false);
    expect(Phrase.safeParse({ ...ok, moments: ['lunch'] }).success).toBe(false);
    expect(Phrase.safeParse({ ...ok, id: 'A B' }).success).toBe(false);
    expect(Phrase.safeParse({ ...ok, key: 0 }).success).toBe(false);
    expect(Phrase.safeParse({ ...ok, key: 10 }).success).toBe(false);
    expect(Phrase.safeParse({ ...ok, key: 1.5 }).success).toBe(false);
  });

  it('rejects a hotkey without a moment, and a moment listed twice', () => {
    expect(Phrase.safeParse({ id: 'a', situation: 'greeting', text: text('x'), key: 1 }).success).toBe(false);
    expect(Phrase.safeParse({ id: 'a', situation: 'greeting', text: text('x'), moments: ['serving', 'serving'] }).success).toBe(false);
  });

  it('rejects a version below 1', () => {
    expect(issues({ ...catalogue([{ id: 'a', situation: 'greeting', text: text('x') }]), version: 0 })).not.toEqual([]);
  });

  it('rejects duplicate ids, across phrases, holiday greetings and forbidden phrases', () => {
    expect(issues(catalogue([{ id: 'a', situation: 'greeting', text: text('x') }, { id: 'a', situation: 'farewell', text: text('y') }]))).toEqual([
      'phrases.1.id: duplicate id "a"',
    ]);
    expect(
      issues(
        catalogue([{ id: 'a', situation: 'greeting', text: text('x') }], {
          holidayGreetings: [{ id: 'a', occasion: 'weekend', text: text('周末愉快') }],
        }),
      ),
    ).toEqual(['holidayGreetings.0.id: duplicate id "a"']);
    expect(
      issues(
        catalogue([{ id: 'a', situation: 'greeting', text: text('x') }], {
          forbidden: [{ id: 'a', text: text('喂'), instead: text('您好') }],
        }),
      ),
    ).toEqual(['forbidden.0.id: duplicate id "a"']);
  });

  it('rejects two phrases on the same hotkey of a moment', () => {
    expect(
      issues(
        catalogue([
          { id: 'a', situation: 'greeting', text: text('x'), moments: ['ticket_called'], key: 1 },
          { id: 'b', situation: 'farewell', text: text('y'), moments: ['service_finished'], key: 1 },
          { id: 'c', situation: 'greeting', text: text('z'), moments: ['serving', 'ticket_called'], key: 1 },
        ]),
      ),
    ).toEqual(['phrases.2.key: hotkey 1 of moment "ticket_called" is taken by "a"']);
  });

  it('lets phrases of different parts of the day share a hotkey, but not of the same part or with an all-day phrase', () => {
    type Input = PhraseCatalogueInput['phrases'][number];
    const morning: Input = { id: 'm', situation: 'greeting', text: text('早上好'), moments: ['ticket_called'], key: 1, dayPart: 'morning' };
    const evening: Input = { id: 'e', situation: 'greeting', text: text('晚上好'), moments: ['ticket_called'], key: 1, dayPart: 'evening' };
    expect(issues(catalogue([morning, evening]))).toEqual([]);
    expect(issues(catalogue([morning, { ...evening, dayPart: 'morning' }]))).toHaveLength(1);
    expect(issues(catalogue([morning, { ...evening, dayPart: undefined }]))).toHaveLength(1);
  });
});
