// The route table of the custom router: pure, so unit tests cover every path.
export type Route =
  | { name: "home" }
  | { name: "buildings" }
  | { name: "building"; params: { id: string } }
  | { name: "not-found" };

export function matchRoute(pathname: string): Route {
  const path = pathname.replace(/\/+$/, "") || "/";
  if (path === "/") return { name: "home" };
  if (path === "/buildings") return { name: "buildings" };
  const detail = /^\/buildings\/([^/]+)$/.exec(path);
  if (detail) return { name: "building", params: { id: decodeURIComponent(detail[1]) } };
  return { name: "not-found" };
}

/** How a nav link to `to` shows at `pathname`: the page itself (aria-current), or the section the page
 * belongs to (Buildings stays marked on a building's page, as React Router's NavLink does). */
export function linkState(pathname: string, to: string): { current: boolean; active: boolean } {
  const current = pathname === to;
  return { current, active: current || (to !== "/" && pathname.startsWith(`${to}/`)) };
}
