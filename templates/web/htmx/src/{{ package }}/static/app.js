// The little client code this app needs, loaded as a file so the CSP can forbid inline scripts:
// theme before first paint, the theme toggle, the live-connection status, a bounded list of readings and
// the service worker (when the page links a manifest).
(() => {
  const MAX_READINGS = 20;
  const root = document.documentElement;

  const stored = localStorage.getItem("theme");
  const preferred = matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
  root.dataset.theme = stored === "light" || stored === "dark" ? stored : preferred;

  function labelToggle(button) {
    const next = root.dataset.theme === "dark" ? "light" : "dark";
    button.setAttribute("aria-label", `Switch to ${next} theme`);
    button.textContent = `${next === "dark" ? "Dark" : "Light"} theme`;
  }

  function setLiveStatus(target, status, tone) {
    const badge = target.closest("[data-live]")?.querySelector("[data-live-status]");
    if (!badge) return;
    badge.textContent = status;
    badge.className = `badge badge--${tone}`;
  }

  document.addEventListener("DOMContentLoaded", () => {
    for (const button of document.querySelectorAll("[data-theme-toggle]")) {
      labelToggle(button);
      button.addEventListener("click", () => {
        root.dataset.theme = root.dataset.theme === "dark" ? "light" : "dark";
        localStorage.setItem("theme", root.dataset.theme);
        labelToggle(button);
      });
    }
    // New readings arrive at the top of #readings: drop the placeholder and the oldest beyond the bound.
    new MutationObserver((mutations) => {
      for (const { target } of mutations) {
        if (!(target instanceof Element) || target.id !== "readings") continue;
        target.querySelector(".empty")?.remove();
        while (target.children.length > MAX_READINGS) target.lastElementChild.remove();
      }
    }).observe(document.body, { childList: true, subtree: true });
    if (document.querySelector('link[rel="manifest"]') && "serviceWorker" in navigator && isSecureContext) {
      navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch((error) => {
        console.warn("service worker registration failed", error);
      });
    }
  });

  // Events of htmx's sse and ws extensions, which reconnect on their own with exponential backoff.
  for (const name of ["htmx:sseOpen", "htmx:wsOpen"]) {
    document.addEventListener(name, (event) => setLiveStatus(event.target, "open", "ok"));
  }
  for (const name of ["htmx:sseError", "htmx:wsClose"]) {
    document.addEventListener(name, (event) => setLiveStatus(event.target, "retrying", "warn"));
  }
})();
