// Runtime configuration from optional <meta name="app:..."> tags in index.html, so one build serves every
// environment (edit the served index.html, no rebuild); defaults suit same-origin serving behind nginx.
// Example: <meta name="app:api-base-url" content="https://api.example.com">
export interface AppConfig {
  apiBaseUrl: string;
  timeoutMs: number;
  retries: number;
}

function setting(name: string): string | undefined {
  return document.querySelector<HTMLMetaElement>(`meta[name="app:${name}"]`)?.content;
}

const apiBaseUrl = setting("api-base-url") ?? "/api";

export const config: AppConfig = {
  apiBaseUrl,
  timeoutMs: Number(setting("api-timeout-ms") ?? 5000),
  retries: Number(setting("api-retries") ?? 2),
};
