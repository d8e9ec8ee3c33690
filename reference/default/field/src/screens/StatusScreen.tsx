import { useEffect, useState } from "react";
import { StyleSheet, Text, View } from "react-native";
import { platformName, useServices } from "../services";
import { CONFLICT_POLICY } from "../sync/outbox";

export function StatusScreen() {
  const { outbox } = useServices();
  const [counts, setCounts] = useState({ pending: 0, conflicts: 0 });
  useEffect(() => {
    const refresh = async () =>
      setCounts({ pending: (await outbox.pending()).length, conflicts: (await outbox.conflicts()).length });
    void refresh();
    return outbox.subscribe(() => void refresh());
  }, [outbox]);
  return (
    <View style={styles.padded}>
      <Text style={styles.title}>Status</Text>
      <Text>Platform: {platformName}</Text>
      <Text>Changes waiting to sync: {counts.pending}</Text>
      <Text>Kept for review: {counts.conflicts}</Text>
      <Text>Conflict policy: {CONFLICT_POLICY}</Text>
    </View>
  );
}

const styles = StyleSheet.create({
  padded: { flex: 1, padding: 16 },
  title: { fontSize: 22, fontWeight: "700", marginBottom: 8 },
});
