export * from './contract.js';
export * from './types.js';
export * from './similarity.js';
export * from './preload-bridge.js';
