// @vitest-environment happy-dom
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import type { Root } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { i18n, initI18n } from '../i18n/index.js';
import { receiveMessage, receiveStatus } from '../queue/store.js';
import { RecordingNotice } from './RecordingNotice.js';
import { useRecordingWindowsStore } from './windowRecording.js';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let root: Root | null = null;
let container: HTMLElement;
const since = '2026-12-07T06:00:00.000Z';

async function render(counter: number, enabled = true): Promise<void> {
  container = document.createElement('div');
  document.body.appendChild(container);
  root = createRoot(container);
  await act(async () => root?.render(<I18nextProvider i18n={i18n}>{<RecordingNotice counter={counter} enabled={enabled} />}</I18nextProvider>));
}
const notice = () => container.querySelector('[data-testid="recording-notice"]');
const windows = (list: { counter: number; state: 'recording' | 'not_recording' | 'microphone_missing' | 'disk_low' }[]) =>
  act(async () => receiveMessage({ type: 'recording.windows', windows: list.map((w) => ({ ...w, recording: w.state === 'recording', since })) }));

beforeAll(() => {
  initI18n('zh-CN');
});
beforeEach(() => {
  useRecordingWindowsStore.setState({ windows: {}, known: false });
  receiveStatus(true);
});
afterEach(async () => {
  await act(async () => root?.unmount());
  root = null;
  container.remove();
});

describe("the customer display's recording notice", () => {
  it('shows only while the hub says its window records', async () => {
    await render(1);
    expect(notice()).toBeNull(); // nothing known yet: no claim
    await windows([{ counter: 1, state: 'recording' }]);
    expect(notice()?.textContent).toContain('本窗口服务全程录音');
    await windows([{ counter: 1, state: 'microphone_missing' }]);
    expect(notice()).toBeNull();
    await windows([{ counter: 2, state: 'recording' }]); // another window's recording is not this one's
    expect(notice()).toBeNull();
    await windows([{ counter: 1, state: 'recording' }]);
    expect(notice()).not.toBeNull();
    await windows([]); // its recorder went off line
    expect(notice()).toBeNull();
  });

  it('says nothing while the display does not hear the hub, or when recording is off', async () => {
    await render(1);
    await windows([{ counter: 1, state: 'recording' }]);
    await act(async () => receiveStatus(false));
    expect(notice()).toBeNull();
    await act(async () => receiveStatus(true));
    expect(notice()).not.toBeNull();
    await act(async () => root?.unmount());
    container.remove();
    await render(1, false);
    expect(notice()).toBeNull();
  });
});
