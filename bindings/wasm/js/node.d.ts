// The Node entry exports the same API as fupin.js, already instantiated.
export * from './fupin.js';
