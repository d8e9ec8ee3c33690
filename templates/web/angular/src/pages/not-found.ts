import { Component } from "@angular/core";
import { RouterLink } from "@angular/router";
import { Card } from "../components/card";

@Component({
  selector: "app-not-found",
  imports: [Card, RouterLink],
  template: `
    <app-card title="Page not found">
      <p>There is nothing at this address.</p>
      <a routerLink="/">Back to the start page</a>
    </app-card>
  `,
})
export class NotFound {}
