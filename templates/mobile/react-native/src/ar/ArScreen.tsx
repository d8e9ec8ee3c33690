import { useEffect, useState } from "react";
import { ActivityIndicator, StyleSheet, Text, View } from "react-native";
import { ViroARScene, ViroARSceneNavigator, ViroText } from "@reactvision/react-viro";
import type { NativeStackScreenProps } from "@react-navigation/native-stack";
import type { BuildingsStackParams } from "../navigation/types";
import { useServices } from "../services";

type Props = NativeStackScreenProps<BuildingsStackParams, "ArView">;
type Support = "checking" | "supported" | "unsupported";

function BuildingLabelScene({ label }: { label: string }) {
  return (
    <ViroARScene>
      <ViroText text={label} position={[0, 0, -1]} scale={[0.3, 0.3, 0.3]} />
    </ViroARScene>
  );
}

export function ArFallbackScreen({ name }: { name: string }) {
  return (
    <View style={styles.centered} testID="ar-fallback">
      <Text style={styles.title}>AR is not available on this device</Text>
      <Text>Showing {name} without the camera overlay.</Text>
    </View>
  );
}

export function ArScreen({ route }: Props) {
  const { ar } = useServices();
  const [support, setSupport] = useState<Support>("checking");
  useEffect(() => {
    let live = true;
    ar.isSupported().then((ok) => live && setSupport(ok ? "supported" : "unsupported"));
    return () => {
      live = false;
    };
  }, [ar]);
  if (support === "checking") return <ActivityIndicator style={styles.centered} />;
  if (support === "unsupported") return <ArFallbackScreen name={route.params.name} />;
  const label = route.params.name;
  return (
    <View style={styles.fill} testID="ar-view">
      <ViroARSceneNavigator initialScene={{ scene: () => <BuildingLabelScene label={label} /> }} />
    </View>
  );
}

const styles = StyleSheet.create({
  fill: { flex: 1 },
  centered: { flex: 1, alignItems: "center", justifyContent: "center", padding: 24 },
  title: { fontSize: 18, fontWeight: "600", marginBottom: 8 },
});
