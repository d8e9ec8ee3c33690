// A small router: the History API, one subscription, and links that do not reload the page.
import { createContext, useContext, useSyncExternalStore, type MouseEvent, type ReactNode } from "react";
import { linkState } from "./routes";

const NAVIGATE = "app:navigate";

function subscribe(onChange: () => void): () => void {
  window.addEventListener("popstate", onChange);
  window.addEventListener(NAVIGATE, onChange);
  return () => {
    window.removeEventListener("popstate", onChange);
    window.removeEventListener(NAVIGATE, onChange);
  };
}

export function usePathname(): string {
  return useSyncExternalStore(subscribe, () => window.location.pathname, () => "/");
}

export function navigate(to: string): void {
  window.history.pushState(null, "", to);
  window.dispatchEvent(new Event(NAVIGATE));
}

export const RouteParams = createContext<Record<string, string>>({});

export function useRouteParam(name: string): string {
  return useContext(RouteParams)[name] ?? "";
}

export function Link({ to, children }: { to: string; children: ReactNode }) {
  const { current, active } = linkState(usePathname(), to);
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    // Let the browser handle new tabs, downloads and other modified clicks.
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
  };
  return (
    <a href={to} onClick={onClick} aria-current={current ? "page" : undefined} className={active ? "active" : undefined}>
      {children}
    </a>
  );
}
