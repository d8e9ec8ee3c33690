// Third-party React Native packages ship untranspiled ESM/Flow: let Babel transform them too.
const transpiled = [
  "react-native",
  "@react-native",
  "@react-navigation",
  "react-native-screens",
  "react-native-safe-area-context",
  "@react-native-async-storage",
  "@react-native-community",
  "@react-native-firebase",
];

module.exports = {
  preset: "@react-native/jest-preset",
  setupFiles: ["<rootDir>/jest.setup.js"],
  transformIgnorePatterns: [`node_modules/(?!(${transpiled.join("|")})/)`],
  testPathIgnorePatterns: ["/node_modules/", "/android/", "/ios/"],
};
