import { createBrowserRouter, Outlet, RouterProvider, useRouteError } from "react-router";
import { Layout } from "../components/Layout";
import { BuildingsList } from "../pages/BuildingsList";
import { ErrorPage } from "../pages/ErrorPage";
import { Home } from "../pages/Home";
import { NotFound } from "../pages/NotFound";

function RouteError() {
  return <ErrorPage error={useRouteError()} />;
}

const router = createBrowserRouter([
  {
    path: "/",
    element: (
      <Layout>
        <Outlet />
      </Layout>
    ),
    errorElement: (
      <Layout>
        <RouteError />
      </Layout>
    ),
    children: [
      { index: true, element: <Home /> },
      { path: "buildings", element: <BuildingsList /> },
      // Its own chunk: the detail page (and the live client) load only when a building is opened.
      { path: "buildings/:id", lazy: async () => ({ Component: (await import("../pages/BuildingDetail")).default }) },
      { path: "*", element: <NotFound /> },
    ],
  },
]);

export function AppRouter() {
  return <RouterProvider router={router} />;
}
