// Where the field app finds the API: the system's web host, which routes /api/<service>/ to each service.
// A debug build (__DEV__) talks to `make up` on the developer's machine through the Android emulator's alias
// for it (10.0.2.2, cleartext allowed in debug only); a release build talks to production, over HTTPS.
export interface AppConfig {
  apiBaseUrl: string;
  timeoutMs: number;
  retries: number;
}

export const API_BASE_URLS = {
  local: "http://10.0.2.2:8080/api",
  "dev": "https://portal.dev.arxos.example.com/api",
  "staging": "https://portal.staging.arxos.example.com/api",
  "prod": "https://portal.prod.arxos.example.com/api",
} as const;

export type ApiEnvironment = keyof typeof API_BASE_URLS;

export function configFor(environment: ApiEnvironment): AppConfig {
  return { apiBaseUrl: API_BASE_URLS[environment], timeoutMs: 8000, retries: 2 };
}

export const config: AppConfig = configFor(__DEV__ ? "local" : "prod");

// The IoT service whose buildings the app shows (the first iot-service in decisions.yml), reached at
// <apiBaseUrl>/<name>/v1/...; null when the system has none.
export const IOT_SERVICE: string | null = "telemetry";
