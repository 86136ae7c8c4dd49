import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// Two pages, built to static files the gateway serves: the console (`index.html`, at `/`)
// and the offline API explorer (`explorer.html`, served at `/graphql` to browsers).
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // GraphiQL brings Monaco (several MB): it is only loaded by the explorer page.
    chunkSizeWarningLimit: 6000,
    rolldownOptions: {
      input: { console: 'index.html', explorer: 'explorer.html' },
      // GraphiQL's "use no memo" directives are for the React compiler, which is not used here.
      onLog: (level, log, handler) => {
        if (log.code !== 'MODULE_LEVEL_DIRECTIVE') handler(level, log);
      },
    },
  },
  server: { port: 5173, strictPort: true },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['src/test-setup.ts'],
  },
});
