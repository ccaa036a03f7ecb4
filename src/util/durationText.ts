/**
 * A duration in ms as the findings say it: `ms(312.4)` is `312 ms`, `seconds(5012)` is `5.01 s`. One
 * pair for every judge, so that a wait reads the same in check-sender and the proxy.
 */
export const ms = (value: number) => `${Math.round(value)} ms`;
export const seconds = (value: number) => `${(value / 1000).toFixed(2)} s`;
