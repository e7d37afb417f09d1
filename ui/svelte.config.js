import { vitePreprocess } from "@sveltejs/vite-plugin-svelte";

export default {
  preprocess: vitePreprocess(),
  compilerOptions: {
    // Emit component CSS into the bundled stylesheet, never as injected <style> tags (CSP: style-src 'self').
    css: "external",
  },
};
