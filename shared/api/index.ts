export * from './contract.js';
export * from './types.js';
