import { Component } from "@angular/core";
import { RouterLink, RouterLinkActive } from "@angular/router";
import { ThemeToggle } from "./theme-toggle";

@Component({
  selector: "app-layout",
  imports: [RouterLink, RouterLinkActive, ThemeToggle],
  template: `
    <div class="layout">
      <header class="layout__header">
        <span class="layout__brand">control-ui</span>
        <nav aria-label="Main">
          <a routerLink="/" routerLinkActive="active" ariaCurrentWhenActive="page" [routerLinkActiveOptions]="{ exact: true }">Home</a>
        </nav>
        <app-theme-toggle />
      </header>
      <main class="layout__main"><ng-content /></main>
      <footer class="layout__footer">control-room · Web application</footer>
    </div>
  `,
})
export class Layout {}
