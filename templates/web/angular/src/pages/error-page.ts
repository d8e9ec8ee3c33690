import { Component } from "@angular/core";
import { Card } from "../components/card";

// Shown by the router's navigation error handler (app.config.ts), which logs the details for developers.
@Component({
  selector: "app-error-page",
  imports: [Card],
  template: `
    <app-card title="Something went wrong">
      <p role="alert">This page failed to load. Reload the page or come back later.</p>
    </app-card>
  `,
})
export class ErrorPage {}
