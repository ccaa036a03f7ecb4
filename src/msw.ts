/**
 * `cpn-kit/msw`: the scenario catalog as MSW request handlers, for senders on fetch or node:http
 * tested in-process under `msw/node`. Needs the `msw` peer dependency (2.x or 3.x).
 */
export { scenarioHandlers } from './msw/scenarioHandlers.js';
