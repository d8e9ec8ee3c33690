import { Component, lazy, Suspense, type ReactNode } from "react";
import { Layout } from "../components/Layout";
import { Spinner } from "../components/Spinner";
import { BuildingsList } from "../pages/BuildingsList";
import { ErrorPage } from "../pages/ErrorPage";
import { Home } from "../pages/Home";
import { NotFound } from "../pages/NotFound";
import { RouteParams, usePathname } from "./link";
import { matchRoute } from "./routes";

// Its own chunk: the detail page (and the live client) load only when a building is opened.
const BuildingDetail = lazy(() => import("../pages/BuildingDetail"));

class ErrorBoundary extends Component<{ children: ReactNode; resetKey: string }, { error: unknown }> {
  state = { error: null as unknown };

  static getDerivedStateFromError(error: unknown) {
    return { error };
  }

  componentDidUpdate(previous: { resetKey: string }) {
    if (previous.resetKey !== this.props.resetKey && this.state.error !== null) this.setState({ error: null });
  }

  render() {
    return this.state.error !== null ? <ErrorPage error={this.state.error} /> : this.props.children;
  }
}

function Page({ pathname }: { pathname: string }) {
  const route = matchRoute(pathname);
  switch (route.name) {
    case "home":
      return <Home />;
    case "buildings":
      return <BuildingsList />;
    case "building":
      return (
        <RouteParams.Provider value={route.params}>
          <BuildingDetail />
        </RouteParams.Provider>
      );
    case "not-found":
      return <NotFound />;
  }
}

export function AppRouter() {
  const pathname = usePathname();
  return (
    <Layout>
      <ErrorBoundary resetKey={pathname}>
        <Suspense fallback={<Spinner label="Loading page" />}>
          <Page pathname={pathname} />
        </Suspense>
      </ErrorBoundary>
    </Layout>
  );
}
