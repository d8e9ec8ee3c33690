// Runtime configuration comes from Vite's build-time env (VITE_*); defaults suit same-origin serving, where the
// web server routes /api/<service>/ to each service of the system.
export interface AppConfig {
  apiBaseUrl: string;
  timeoutMs: number;
  retries: number;
}

const env = import.meta.env;

export const config: AppConfig = {
  apiBaseUrl: env.VITE_API_BASE_URL ?? "/api",
  timeoutMs: Number(env.VITE_API_TIMEOUT_MS ?? 5000),
  retries: Number(env.VITE_API_RETRIES ?? 2),
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
