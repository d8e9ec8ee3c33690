// The shell: a tab bar (Buildings, Status) whose Buildings tab is a stack (list -> detail).
import { useEffect } from "react";
import { createNavigationContainerRef, NavigationContainer } from "@react-navigation/native";
import { createBottomTabNavigator } from "@react-navigation/bottom-tabs";
import { createNativeStackNavigator } from "@react-navigation/native-stack";
import { SafeAreaProvider } from "react-native-safe-area-context";
import type { BuildingsStackParams, TabParams } from "./navigation/types";
import { BuildingDetailScreen } from "./screens/BuildingDetailScreen";
import { BuildingsListScreen } from "./screens/BuildingsListScreen";
import { StatusScreen } from "./screens/StatusScreen";
import { deviceServices, ServicesProvider, type Services } from "./services";
import { replayOnReconnect, type Subscribe } from "./sync/connectivity";
import type { RouteTarget } from "./push/notifications";

const Stack = createNativeStackNavigator<BuildingsStackParams>();
const Tabs = createBottomTabNavigator<TabParams>();
export const navigationRef = createNavigationContainerRef<TabParams>();
// Screen options as constants: stable objects, and no double braces in this templated file.
const LIST_OPTIONS = { title: "Buildings" };
const TAB_OPTIONS = { headerShown: false };
const STATUS_OPTIONS = { headerShown: true };

function BuildingsStack() {
  return (
    <Stack.Navigator>
      <Stack.Screen name="BuildingsList" component={BuildingsListScreen} options={LIST_OPTIONS} />
      <Stack.Screen
        name="BuildingDetail"
        component={BuildingDetailScreen}
        options={({ route }) => ({ title: route.params.name ?? "Building" })}
      />
    </Stack.Navigator>
  );
}

export function navigateTo(target: RouteTarget): void {
  if (!navigationRef.isReady()) return;
  if (target.screen === "Status") navigationRef.navigate("Status");
  else navigationRef.navigate("Buildings", { screen: "BuildingDetail", params: target.params });
}

export interface AppProps {
  services?: Services;
  /** Network status source; NetInfo unless a test passes its own. */
  connectivity?: Subscribe;
}

const device: { services: Services | null } = { services: null };

export function App({ services, connectivity }: AppProps) {
  const active = services ?? (device.services ??= deviceServices());
  useEffect(
    () => replayOnReconnect(active.outbox, active.syncTransport, connectivity),
    [active, connectivity],
  );
  useEffect(() => {
    void active.notifications.start(navigateTo).catch(() => undefined); // push is optional: never block the app
    return () => active.notifications.stop();
  }, [active]);
  return (
    <SafeAreaProvider>
      <ServicesProvider services={active}>
        <NavigationContainer ref={navigationRef}>
          <Tabs.Navigator screenOptions={TAB_OPTIONS}>
            <Tabs.Screen name="Buildings" component={BuildingsStack} />
            <Tabs.Screen name="Status" component={StatusScreen} options={STATUS_OPTIONS} />
          </Tabs.Navigator>
        </NavigationContainer>
      </ServicesProvider>
    </SafeAreaProvider>
  );
}
