// The service worker (sw/service-worker.js, emitted as /sw.js with the built file list) precaches the
// app shell; registering it is all the app does.
export function registerServiceWorker(): void {
  if (!("serviceWorker" in navigator) || !window.isSecureContext) return;
  window.addEventListener("load", () => {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch((error: unknown) => {
      console.warn("service worker registration failed", error);
    });
  });
}
