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
