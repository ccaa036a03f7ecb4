/**
 * docs/receiver.md's app whose dedupe store keys on exactly the string it is given: the app claims
 * the GUID without dashes, so a state hook that hands over the GUID as it appears in the message
 * marks a key the app never looks up, and the duplicate is handled again.
 */
import { seenStoreKeyedOn } from './app.js';

export { createApp } from './app.js';
export const createSeenStore = () => seenStoreKeyedOn((guid) => guid);
