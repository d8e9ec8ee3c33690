import { inject, provideBrowserGlobalErrorListeners, provideZonelessChangeDetection, type ApplicationConfig } from "@angular/core";
import { provideRouter, RedirectCommand, Router, withComponentInputBinding, withNavigationErrorHandler } from "@angular/router";
import { ERROR_PATH, routes } from "./app.routes";

export const appConfig: ApplicationConfig = {
  providers: [
    // No zone.js: signals tell Angular what to re-render.
    provideZonelessChangeDetection(),
    // Uncaught errors and rejected promises reach Angular's ErrorHandler (the console) instead of vanishing.
    provideBrowserGlobalErrorListeners(),
    provideRouter(
      routes,
      // Route parameters arrive as component inputs (`id` on the detail page).
      withComponentInputBinding(),
      // A route that fails to load (a lost chunk, an error while activating) shows the error page at the
      // same address, so a reload retries it.
      withNavigationErrorHandler((failure) => {
        console.error(failure.error);
        return new RedirectCommand(inject(Router).parseUrl(`/${ERROR_PATH}`), { skipLocationChange: true });
      }),
    ),
  ],
};
