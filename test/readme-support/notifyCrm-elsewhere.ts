/**
 * docs/sender.md's sender with a wrong URL: it sends each notification to another host than the one
 * it was given (a base URL taken from the wrong setting), so no scenario ever serves it. The MSW
 * example must fail on it, naming the request no scenario served.
 */
import { notifyCrm as notifyCorrectly } from './notifyCrm.js';

export const notifyCrm = (url: string, message: object) =>
  notifyCorrectly(url.replace('//crm.test/', '//crm-staging.invalid/'), message);
