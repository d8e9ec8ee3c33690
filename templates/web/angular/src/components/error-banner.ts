import { Component, input, output } from "@angular/core";

@Component({
  selector: "app-error-banner",
  template: `
    <div class="error-banner" role="alert">
      <span>{{ message() }}</span>
      <button type="button" class="button" (click)="retry.emit()">Try again</button>
    </div>
  `,
})
export class ErrorBanner {
  readonly message = input.required<string>();
  readonly retry = output();
}
