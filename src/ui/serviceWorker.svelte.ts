/**
 * Registers the generated service worker through workbox-window and exposes what the update
 * prompt needs: a new version waiting, and whether the app is ready to work offline.
 */
import { Workbox } from 'workbox-window';

export const serviceWorker = $state({ updateWaiting: false, offlineReady: false });

let workbox: Workbox | undefined;

export function registerServiceWorker(): void {
  if (import.meta.env.DEV || !('serviceWorker' in navigator)) return;
  workbox = new Workbox(`${import.meta.env.BASE_URL}sw.js`, { scope: import.meta.env.BASE_URL });
  workbox.addEventListener('waiting', () => (serviceWorker.updateWaiting = true));
  // Reload once the new version took over, so the page and its cache agree.
  workbox.addEventListener('controlling', (event) => {
    if (event.isUpdate) window.location.reload();
  });
  workbox.addEventListener('activated', (event) => {
    if (!event.isUpdate) serviceWorker.offlineReady = true;
  });
  void workbox.register().then((registration) => {
    if (registration?.active) serviceWorker.offlineReady = true;
  });
}

export function applyUpdate(): void {
  workbox?.messageSkipWaiting();
}
