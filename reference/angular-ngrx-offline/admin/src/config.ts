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

export const config: AppConfig = {
  apiBaseUrl: setting("api-base-url") ?? "/api",
  timeoutMs: Number(setting("api-timeout-ms") ?? 5000),
  retries: Number(setting("api-retries") ?? 2),
};

// The services the pages read, by provider kind: the first component of that kind in decisions.yml.
// null when the system has none: the pages that would read it have no route and no link.
export const IOT_SERVICE: string | null = null;
export const ANALYTICS_SERVICE: string | null = null;

/** The v1 API of one service behind the web server: /api/<name>/v1 (the server strips /api/<name>). */
export function serviceApi(service: string | null, apiBaseUrl = config.apiBaseUrl): string {
  if (service === null) throw new Error("this system has no such service: its pages are not routed");
  return `${apiBaseUrl.replace(/\/$/, "")}/${service}/v1`;
}
