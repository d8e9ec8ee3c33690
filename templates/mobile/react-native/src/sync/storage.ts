// The outbox persists to AsyncStorage (SQLite on Android, files on iOS): small, ordered, survives restarts.
import AsyncStorage from "@react-native-async-storage/async-storage";
import type { KeyValueStore } from "./outbox";

export const deviceStore: KeyValueStore = {
  getItem: (key) => AsyncStorage.getItem(key),
  setItem: (key, value) => AsyncStorage.setItem(key, value),
};
