// Pages use these two names only, so switching router touches the routing folder alone.
import type { ReactNode } from "react";
import { NavLink, useParams } from "react-router";

export function Link({ to, children }: { to: string; children: ReactNode }) {
  return <NavLink to={to}>{children}</NavLink>;
}

export function useRouteParam(name: string): string {
  return useParams()[name] ?? "";
}
