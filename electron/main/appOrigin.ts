/**
 * The renderer is served from its own origin, never file:// or the hub's http://, so that
 * IPC sender checks, permissions and navigation rules have one thing to compare against.
 */
export const APP_SCHEME = 'guichet';
export const APP_HOST = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

export function isAppUrl(url: string | undefined | null): boolean {
  if (!url) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  // Credentials or a port would make "the same host" ambiguous; the app never uses them.
  return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST && parsed.username === '' && parsed.password === '';
}

/** An in-app route as a full URL; refuses anything that would resolve to another origin ("//evil/x"). */
export function appUrl(routePath: string): string {
  if (!routePath.startsWith('/')) throw new Error(`an app route starts with "/": ${routePath}`);
  const url = new URL(routePath, `${APP_ORIGIN}/`).href;
  if (!isAppUrl(url)) throw new Error(`not an app route: ${routePath}`);
  return url;
}
