import { useEffect, useState } from "react";
import { ActivityIndicator, Pressable, StyleSheet, Text, View } from "react-native";
import type { NativeStackScreenProps } from "@react-navigation/native-stack";
import { ApiError } from "../api/client";
import type { Building, LatestReading } from "../api/buildings";
import type { BuildingsStackParams } from "../navigation/types";
import { useServices } from "../services";

type Props = NativeStackScreenProps<BuildingsStackParams, "BuildingDetail">;

export function BuildingDetailScreen({ route }: Props) {
  const services = useServices();
  const [building, setBuilding] = useState<Building | null>(null);
  const [readings, setReadings] = useState<LatestReading[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [queued, setQueued] = useState(0);

  useEffect(() => {
    services.buildings
      .get(route.params.id)
      .then(setBuilding)
      .catch((e: unknown) => setError(e instanceof ApiError ? e.userMessage : String(e)));
    // The latest reading per device and metric: extra, the screen stays useful without them.
    services.buildings
      .latest(route.params.id)
      .then(setReadings)
      .catch(() => setReadings([]));
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
      <Text style={styles.title}>{building.name}</Text>
      <Text>Floor area: {building.floor_area_m2.toLocaleString("en")} m²</Text>
      {readings.map((r) => (
        <Text key={`${r.device_id}|${r.metric}`} testID="reading">
          {r.metric}: {r.value} ({r.device_id})
        </Text>
      ))}
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
  button: { marginTop: 16, padding: 12, borderWidth: 1, borderRadius: 8, alignItems: "center" },
});
