/** docs/receiver.md's app, moved: every request answered 301 to the path with a trailing slash. */
import { redirectingApp } from './app.js';

export { createSeenStore } from './app.js';
export const createApp = redirectingApp(301);
