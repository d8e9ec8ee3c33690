import type { NavigatorScreenParams } from "@react-navigation/native";

export type BuildingsStackParams = {
  BuildingsList: undefined;
  BuildingDetail: { id: string; name?: string };
};

export type TabParams = {
  Buildings: NavigatorScreenParams<BuildingsStackParams>;
  Status: undefined;
};
