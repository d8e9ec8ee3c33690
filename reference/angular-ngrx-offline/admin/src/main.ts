import { bootstrapApplication } from "@angular/platform-browser";
import { App } from "./app";
import { appConfig } from "./app.config";
import { registerServiceWorker } from "./offline";

registerServiceWorker();

bootstrapApplication(App, appConfig).catch((error: unknown) => console.error(error));
