// Runtime configuration comes from Vite's build-time env (VITE_*); defaults suit same-origin serving.
export interface AppConfig {
  apiBaseUrl: string;
  timeoutMs: number;
  retries: number;
  liveUrl: (buildingId: string) => string;
}

const env = import.meta.env;

export const config: AppConfig = {
  apiBaseUrl: env.VITE_API_BASE_URL ?? "/api",
  timeoutMs: Number(env.VITE_API_TIMEOUT_MS ?? 5000),
  retries: Number(env.VITE_API_RETRIES ?? 2),
  liveUrl: (id) => `${env.VITE_API_BASE_URL ?? "/api"}/buildings/${encodeURIComponent(id)}/live`,
};
