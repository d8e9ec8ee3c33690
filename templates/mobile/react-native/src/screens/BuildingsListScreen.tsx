import { useCallback, useEffect, useState } from "react";
import { ActivityIndicator, FlatList, Pressable, StyleSheet, Text, View } from "react-native";
import type { NativeStackScreenProps } from "@react-navigation/native-stack";
import { ApiError } from "../api/client";
import type { Building } from "../api/buildings";
import type { BuildingsStackParams } from "../navigation/types";
import { ROW_HEIGHT, virtualizedListProps } from "../perf/lists";
import { useServices } from "../services";

type Props = NativeStackScreenProps<BuildingsStackParams, "BuildingsList">;

export function BuildingsListScreen({ navigation }: Props) {
  const { buildings } = useServices();
  const [items, setItems] = useState<Building[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(() => {
    setError(null);
    buildings
      .list()
      .then(setItems)
      .catch((e: unknown) => setError(e instanceof ApiError ? e.userMessage : String(e)));
  }, [buildings]);
  useEffect(load, [load]);

  if (error) {
    return (
      <View style={styles.centered}>
        <Text accessibilityRole="alert">{error}</Text>
        <Pressable accessibilityRole="button" onPress={load} style={styles.button}>
          <Text>Try again</Text>
        </Pressable>
      </View>
    );
  }
  if (items === null) return <ActivityIndicator accessibilityLabel="Loading buildings" style={styles.centered} />;
  return (
    <FlatList
      data={items}
      keyExtractor={(b) => b.id}
      {...virtualizedListProps}
      ListEmptyComponent={<Text style={styles.empty}>No buildings yet.</Text>}
      renderItem={({ item }) => (
        <Pressable
          accessibilityRole="button"
          style={styles.row}
          onPress={() => navigation.navigate("BuildingDetail", { id: item.id, name: item.name })}
        >
          <Text style={styles.name}>{item.name}</Text>
          <Text style={styles.meta}>{item.floor_area_m2.toLocaleString("en")} m²</Text>
        </Pressable>
      )}
    />
  );
}

const styles = StyleSheet.create({
  centered: { flex: 1, alignItems: "center", justifyContent: "center", padding: 24 },
  button: { marginTop: 12, padding: 12 },
  empty: { padding: 24, textAlign: "center" },
  row: { height: ROW_HEIGHT, justifyContent: "center", paddingHorizontal: 16, borderBottomWidth: StyleSheet.hairlineWidth },
  name: { fontSize: 16, fontWeight: "600" },
  meta: { color: "#555" },
});
