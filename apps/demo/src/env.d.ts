/// <reference types="vite/client" />

/** Folder below the base URL where vite.config.ts serves the tfjs-backend-wasm binaries. */
declare const __WASM_DIR__: string;
