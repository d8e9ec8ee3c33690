import { useState } from "react";

type Theme = "light" | "dark";

function initialTheme(): Theme {
  const stored = window.localStorage.getItem("theme");
  if (stored === "light" || stored === "dark") return stored;
  return window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
}

export function applyTheme(theme: Theme): void {
  document.documentElement.dataset.theme = theme;
}

export function ThemeToggle() {
  const [theme, setTheme] = useState<Theme>(() => {
    const value = initialTheme();
    applyTheme(value);
    return value;
  });
  const next: Theme = theme === "dark" ? "light" : "dark";
  return (
    <button
      type="button"
      className="button button--ghost"
      aria-label={`Switch to ${next} theme`}
      onClick={() => {
        applyTheme(next);
        window.localStorage.setItem("theme", next);
        setTheme(next);
      }}
    >
      {theme === "dark" ? "Light" : "Dark"} theme
    </button>
  );
}
