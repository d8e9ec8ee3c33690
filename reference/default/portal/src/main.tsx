import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { AppRouter } from "./routing/AppRouter";
import { StateProvider } from "./state/store";
import "./styles/app.css";

const root = document.getElementById("root");
if (!root) throw new Error("index.html lacks #root");

createRoot(root).render(
  <StrictMode>
    <StateProvider>
      <AppRouter />
    </StateProvider>
  </StrictMode>,
);
