import { defineConfig } from 'vite';

// The Functions app serves dist/ at /console: index.html without caching, assets/ (hashed names)
// as immutable. No inline script or style anywhere, so the Content-Security-Policy stays strict.
export default defineConfig({
  base: '/console/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    assetsInlineLimit: 0,
    sourcemap: false,
  },
});
