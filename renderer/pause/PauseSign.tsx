import type { BranchConfig } from '../../shared/config/schema.js';
import type { Localized } from '../../shared/i18n/localized.js';
import { pauseSign } from '../../shared/pause/rules.js';
import { i18n, useLocalized } from '../i18n/index.js';
import { Bi } from '../ui/Bi.js';
import { useWindowState } from './windowsStore.js';

/**
 * Whether window n's customer display shows its sign instead of the ticket or the welcome: while
 * paused, and while closed with no customer there (a ticket carried over still shows).
 */
export function useSignUp(n: number, hasTicket: boolean): boolean {
  const state = useWindowState(n);
  if (!state) return false;
  return state.pause !== null || (!state.open && !hasTicket);
}

/**
 * The pause sign (暂停服务牌) on the customer display: the reason's sign text, e.g. "交接班中，请稍候",
 * and where to go, "请到 M 号窗口办理", in Chinese and English (seed 003 (8) 4: nobody waits at an
 * empty window). A closed window says it is not in service, with the same direction.
 */
export function PauseSign({ config, number }: { config: BranchConfig; number: number }) {
  const local = useLocalized();
  const state = useWindowState(number);
  if (!state) return null;
  const sign = pauseSign(state.pause ? config.standards.pausePolicies[state.pause.reason] : { sign: closedSign() }, state.redirectTo);
  return (
    <div className={`pause-sign pause-sign--${state.pause ? 'paused' : 'closed'}`} data-testid="pause-sign" data-kind={state.pause ? 'paused' : 'closed'}>
      <p className="pause-sign__headline" data-testid="pause-sign-headline">
        <Bi main={local(sign.headline)} en={sign.headline.en} />
      </p>
      {sign.direction && (
        <p className="pause-sign__direction" data-testid="pause-sign-direction">
          <Bi main={local(sign.direction)} en={sign.direction.en} />
        </p>
      )}
    </div>
  );
}

/** A closed window's sign text in the three languages (a UI string, not configuration). */
function closedSign(): Localized {
  const text = (lang: keyof Localized) => i18n.getFixedT(lang)('pause.sign.closed');
  return { 'zh-CN': text('zh-CN'), 'zh-TW': text('zh-TW'), en: text('en') };
}
