import js from "@eslint/js";
import pluginVue from "eslint-plugin-vue";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist", "node_modules", "e2e/artifacts"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...pluginVue.configs["flat/recommended"],
  {
    files: ["**/*.{ts,vue}"],
    // vue-eslint-parser reads the template and hands <script lang="ts"> to the TypeScript parser.
    languageOptions: { globals: globals.browser, parserOptions: { parser: tseslint.parser } },
    rules: {
      // The design system's names, shared with the other web templates; none is an HTML element name.
      "vue/multi-word-component-names": ["error", { ignores: ["Card", "Home", "Layout", "Spinner"] }],
      // Layout rules that would put every attribute and every short text on a line of its own.
      "vue/max-attributes-per-line": "off",
      "vue/singleline-html-element-content-newline": "off",
    },
  },
  { files: ["**/*.{js,mjs}", "vite.config.ts"], languageOptions: { globals: globals.node } },
  { files: ["sw/**/*.js"], languageOptions: { globals: globals.serviceworker } },
);
