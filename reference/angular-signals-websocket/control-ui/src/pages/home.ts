import { Component } from "@angular/core";
import { RouterLink } from "@angular/router";
import { Card } from "../components/card";

@Component({
  selector: "app-home",
  imports: [Card, RouterLink],
  template: `
    <app-card title="control-room">
      <p>Browser app for operators and occupants.</p>
      <p><a routerLink="/buildings">Browse buildings</a></p>
    </app-card>
  `,
})
export class Home {}
