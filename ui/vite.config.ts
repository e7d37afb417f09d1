import { defineConfig } from "vite";
import { svelte } from "@sveltejs/vite-plugin-svelte";

// The window loads ui/dist from Tauri's custom protocol under a strict CSP (see tauri.conf.json):
// everything is bundled locally, no inline scripts, CSS in files.
export default defineConfig({
  plugins: [svelte()],
  clearScreen: false,
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "safari15",
    // Small app: keep one CSS file and no data: URIs for anything but images.
    assetsInlineLimit: 0,
  },
  server: {
    strictPort: true,
  },
});
