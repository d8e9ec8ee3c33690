import js from "@eslint/js";
import angular from "angular-eslint";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist", "node_modules", ".angular", "e2e/artifacts"] },
  {
    files: ["**/*.ts"],
    extends: [js.configs.recommended, ...tseslint.configs.recommended, ...angular.configs.tsRecommended],
    languageOptions: { globals: globals.browser },
    // Lints the inline templates with the rules of the next block.
    processor: angular.processInlineTemplates,
    rules: {
      "@angular-eslint/component-selector": ["error", { type: "element", prefix: "app", style: "kebab-case" }],
    },
  },
  { files: ["**/*.html"], extends: [...angular.configs.templateRecommended, ...angular.configs.templateAccessibility] },
  { files: ["**/*.{js,mjs}"], extends: [js.configs.recommended], languageOptions: { globals: globals.node } },
  { files: ["sw/**/*.js"], languageOptions: { globals: globals.serviceworker } },
);
