import { Component, Suspense, type ReactNode } from "react";
import { Layout } from "../components/Layout";
import { Spinner } from "../components/Spinner";
import { ErrorPage } from "../pages/ErrorPage";
import { Home } from "../pages/Home";
import { NotFound } from "../pages/NotFound";
import { usePathname } from "./link";
import { matchRoute } from "./routes";


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
    // No IoT service in this system: nothing provides buildings, so their pages do not exist.
    case "buildings":
    case "building":
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
