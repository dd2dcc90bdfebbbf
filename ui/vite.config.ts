/// <reference types="vitest/config" />
// Build of the desk UI: a static bundle in ui/dist that the Tauri shell serves (no dev server in tests).
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

export default defineConfig({
  plugins: [svelte()],
  // Relative asset URLs: the bundle works from the Tauri custom protocol and from any static server.
  base: './',
  clearScreen: false,
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // Never inline assets as data: URLs, so the CSP needs nothing beyond 'self'.
    assetsInlineLimit: 0,
    sourcemap: false,
  },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
