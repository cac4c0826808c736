/**
 * App-wide hardening from Electron's security checklist: no navigation, no
 * new windows (http/https links go to the system browser after the operator
 * agrees; other schemes never), no webviews, every permission denied.
 */
import type { App, Dialog, Session, Shell, WebContents } from 'electron';

/** Only these schemes may leave the app, and only to the system browser. */
export function isExternalLink(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}

export interface HardenDeps {
  app: Pick<App, 'on'>;
  session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>;
  shell: Pick<Shell, 'openExternal'>;
  dialog: Pick<Dialog, 'showMessageBox'>;
}

async function offerExternal(deps: HardenDeps, url: string): Promise<void> {
  if (!isExternalLink(url)) return;
  const { response } = await deps.dialog.showMessageBox({
    type: 'question',
    buttons: ['Open in browser', 'Cancel'],
    defaultId: 1,
    cancelId: 1,
    message: 'Open this link in your web browser?',
    detail: url,
  });
  if (response === 0) await deps.shell.openExternal(url);
}

/** Locks down one web contents: called for every one the app creates. */
export function hardenContents(deps: HardenDeps, contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    event.preventDefault();
    void offerExternal(deps, url);
  });
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    void offerExternal(deps, url);
    return { action: 'deny' };
  });
}

export function hardenApp(deps: HardenDeps): void {
  deps.session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  deps.session.setPermissionCheckHandler(() => false);
  deps.app.on('web-contents-created', (_event, contents) => hardenContents(deps, contents));
}
