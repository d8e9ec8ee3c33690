import type { ReactNode } from "react";
import { Link } from "../routing/link";
import { ThemeToggle } from "./ThemeToggle";

export function Layout({ children }: { children: ReactNode }) {
  return (
    <div className="layout">
      <header className="layout__header">
        <span className="layout__brand">twin-ui</span>
        <nav aria-label="Main">
          <Link to="/">Home</Link>
        </nav>
        <ThemeToggle />
      </header>
      <main className="layout__main">{children}</main>
      <footer className="layout__footer">twin · Web application</footer>
    </div>
  );
}
