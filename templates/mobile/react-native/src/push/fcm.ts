// The FCM transport. On iOS, Firebase exchanges the APNs device token for an FCM token, so one backend
// path serves both platforms; the APNs entitlement and GoogleService-Info.plist are set up per README.
import {
  AuthorizationStatus,
  getInitialNotification,
  getMessaging,
  getToken,
  onNotificationOpenedApp,
  onTokenRefresh,
  requestPermission,
} from "@react-native-firebase/messaging";
import type { PushMessage, PushTransport } from "./notifications";

function toMessage(data: Record<string, unknown> | undefined): PushMessage {
  return { data: Object.fromEntries(Object.entries(data ?? {}).map(([k, v]) => [k, String(v)])) };
}

export function fcmTransport(): PushTransport {
  const messaging = getMessaging();
  return {
    async requestPermission() {
      const status = await requestPermission(messaging);
      return status === AuthorizationStatus.AUTHORIZED || status === AuthorizationStatus.PROVISIONAL;
    },
    getToken: () => getToken(messaging),
    onTokenRefresh: (listener) => onTokenRefresh(messaging, listener),
    onOpened: (listener) => onNotificationOpenedApp(messaging, (message) => listener(toMessage(message.data))),
    async initialMessage() {
      const message = await getInitialNotification(messaging);
      return message ? toMessage(message.data) : null;
    },
  };
}
