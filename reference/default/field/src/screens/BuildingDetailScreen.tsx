import { useEffect, useState } from "react";
import { ActivityIndicator, Image, Pressable, StyleSheet, Text, View } from "react-native";
import type { NativeStackScreenProps } from "@react-navigation/native-stack";
import { ApiError } from "../api/client";
import type { Building } from "../api/buildings";
import type { BuildingsStackParams } from "../navigation/types";
import { cachedImage } from "../perf/images";
import { useServices } from "../services";

type Props = NativeStackScreenProps<BuildingsStackParams, "BuildingDetail">;

export function BuildingDetailScreen({ route }: Props) {
  const services = useServices();
  const [building, setBuilding] = useState<Building | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [queued, setQueued] = useState(0);

  useEffect(() => {
    services.buildings
      .get(route.params.id)
      .then(setBuilding)
      .catch((e: unknown) => setError(e instanceof ApiError ? e.userMessage : String(e)));
  }, [services.buildings, route.params.id]);

  if (error) return <Text accessibilityRole="alert" style={styles.padded}>{error}</Text>;
  if (!building) return <ActivityIndicator accessibilityLabel="Loading building" style={styles.padded} />;

  // Saved to the outbox first: it reaches the API on the next reconnect even if the app is closed now.
  const reportFault = async () => {
    await services.outbox.enqueue("fault-report", building.id, { note: "Reported from the field app" });
    setQueued((n) => n + 1);
  };
  return (
    <View style={styles.padded}>
      {building.photoUrl ? <Image source={cachedImage(building.photoUrl)} style={styles.photo} /> : null}
      <Text style={styles.title}>{building.name}</Text>
      <Text>{building.city}</Text>
      <Text>Floors: {building.floors}</Text>
      <Text>Area: {building.areaM2} m²</Text>
      <Pressable accessibilityRole="button" onPress={reportFault} style={styles.button}>
        <Text>Report a fault</Text>
      </Pressable>
      {queued > 0 ? <Text>{queued} report(s) saved, sent when online</Text> : null}
    </View>
  );
}

const styles = StyleSheet.create({
  padded: { flex: 1, padding: 16 },
  title: { fontSize: 22, fontWeight: "700", marginBottom: 4 },
  photo: { width: "100%", height: 180, marginBottom: 12 },
  button: { marginTop: 16, padding: 12, borderWidth: 1, borderRadius: 8, alignItems: "center" },
});
