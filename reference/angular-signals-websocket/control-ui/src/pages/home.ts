import { Component } from "@angular/core";
import { Card } from "../components/card";

@Component({
  selector: "app-home",
  imports: [Card],
  template: `
    <app-card title="control-room">
      <p>Browser app for operators and occupants.</p>
    </app-card>
  `,
})
export class Home {}
