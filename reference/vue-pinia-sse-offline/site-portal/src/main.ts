import { createApp } from "vue";
import { createPinia } from "pinia";
import App from "./App.vue";
import { createAppRouter } from "./routing/router";
import "./styles/app.css";
import { registerServiceWorker } from "./offline";

registerServiceWorker();

const app = createApp(App);
app.use(createPinia());
app.use(createAppRouter());
app.mount("#root");
