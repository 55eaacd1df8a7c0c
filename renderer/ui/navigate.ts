/**
 * Following a link inside the one-page app without reloading it: the lead station keeps its
 * staff session in the page's memory (device/staffSession.ts), so a reload would sign the lead
 * out. The URL changes with the History API and the `popstate` every screen listens to tells the
 * lead station which page to show (lead/LeadScreen.tsx). A click meant for a new tab or window
 * (a modifier key, the middle button) is left to the browser.
 */
export interface LinkClick {
  metaKey: boolean;
  ctrlKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
  button: number;
  preventDefault(): void;
}

export function followInPage(e: LinkClick, href: string): void {
  if (e.metaKey || e.ctrlKey || e.shiftKey || e.altKey || e.button !== 0) return;
  e.preventDefault();
  navigateInPage(href);
}

/** Goes to `href` (a path with its query) in this page: pushState, then popstate. */
export function navigateInPage(href: string): void {
  if (`${window.location.pathname}${window.location.search}` !== href) window.history.pushState(null, '', href);
  window.dispatchEvent(new PopStateEvent('popstate'));
}

/** The lead station's page of one service (renderer/serviceRecord/): /lead/services/:ticketId. */
export const SERVICE_RECORD_PAGE = '/lead/services';

export function serviceRecordHref(ticketId: string): string {
  return `${SERVICE_RECORD_PAGE}/${encodeURIComponent(ticketId)}`;
}

/** The ticket id of a service record page's path, or null for another path. */
export function ticketIdOfPath(pathname: string): string | null {
  const m = /^\/lead\/services\/([^/]+)\/?$/.exec(pathname);
  if (!m) return null;
  try {
    const id = decodeURIComponent(m[1]!);
    return /^[A-Za-z0-9_-]{1,64}$/.test(id) ? id : null;
  } catch {
    return null;
  }
}
