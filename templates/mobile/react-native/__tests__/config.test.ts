import { API_BASE_URLS, configFor, type ApiEnvironment } from "../src/config";

describe("API base per environment", () => {
  it("uses HTTPS everywhere but the local debug build", () => {
    for (const [environment, url] of Object.entries(API_BASE_URLS)) {
      if (environment === "local") {
        expect(url).toMatch(/^http:\/\/10\.0\.2\.2:\d+\/api$/);
      } else {
        expect(url).toMatch(/^https:\/\/[a-z0-9.-]+\/api$/);
      }
    }
  });

  it("gives each environment its own host", () => {
    const deployed = (Object.keys(API_BASE_URLS) as ApiEnvironment[]).filter((e) => e !== "local");
    const hosts = deployed.map((e) => new URL(configFor(e).apiBaseUrl).host);
    expect(new Set(hosts).size).toBe(deployed.length);
  });
});
