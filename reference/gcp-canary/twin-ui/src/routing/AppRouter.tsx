import { createBrowserRouter, Outlet, RouterProvider, useRouteError } from "react-router";
import { Layout } from "../components/Layout";
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
      { path: "*", element: <NotFound /> },
    ],
  },
]);

export function AppRouter() {
  return <RouterProvider router={router} />;
}
