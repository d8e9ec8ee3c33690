import { Component } from "@angular/core";
import { RouterOutlet } from "@angular/router";
import { Layout } from "./components/layout";

// The root component: every page renders inside the one layout.
@Component({
  selector: "app-root",
  imports: [Layout, RouterOutlet],
  template: `<app-layout><router-outlet /></app-layout>`,
})
export class App {}
