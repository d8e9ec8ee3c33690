// Where the field app finds the API. Release builds replace this file's values through the CI environment
// (see README: "Configuration"); the Android emulator reaches the host machine at 10.0.2.2.
export interface AppConfig {
  apiBaseUrl: string;
  timeoutMs: number;
  retries: number;
}

export const config: AppConfig = {
  apiBaseUrl: "http://10.0.2.2:8080/api",
  timeoutMs: 8000,
  retries: 2,
};
