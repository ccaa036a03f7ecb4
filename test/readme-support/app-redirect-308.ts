/** docs/receiver.md's app behind a framework that wants a trailing slash: every request answered 308. */
import { redirectingApp } from './app.js';

export { createSeenStore } from './app.js';
export const createApp = redirectingApp(308);
