// Everything screens talk to, provided once at the top: the app wires the real implementations, tests
// pass fakes. Screens never construct clients themselves.
import { createContext, useContext, type ReactNode } from "react";
import { Platform } from "react-native";
import { ApiClient } from "./api/client";
import { buildingsApi, type BuildingsApi } from "./api/buildings";
import { config } from "./config";
import { httpSyncTransport, Outbox, type SyncTransport } from "./sync/outbox";
import { deviceStore } from "./sync/storage";
import { fcmTransport } from "./push/fcm";
import { httpTokenRegistry, NotificationService } from "./push/notifications";

export interface Services {
  buildings: BuildingsApi;
  outbox: Outbox;
  syncTransport: SyncTransport;
  notifications: NotificationService;
}

export function deviceServices(): Services {
  const client = new ApiClient(config.apiBaseUrl, { timeoutMs: config.timeoutMs, retries: config.retries });
  return {
    buildings: buildingsApi(client),
    outbox: new Outbox(deviceStore),
    syncTransport: httpSyncTransport(config.apiBaseUrl),
    notifications: new NotificationService(fcmTransport(), httpTokenRegistry(config.apiBaseUrl, Platform.OS)),
  };
}

export const platformName = Platform.OS;

const ServicesContext = createContext<Services | null>(null);

export function ServicesProvider({ services, children }: { services: Services; children: ReactNode }) {
  return <ServicesContext.Provider value={services}>{children}</ServicesContext.Provider>;
}

export function useServices(): Services {
  const services = useContext(ServicesContext);
  if (!services) throw new Error("useServices outside ServicesProvider");
  return services;
}
