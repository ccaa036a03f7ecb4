/** How many scenarios `checkSender` plays at once with `send` (and `check-sender --exec` runs at once). */
export const DEFAULT_SENDER_CONCURRENCY = 4;
