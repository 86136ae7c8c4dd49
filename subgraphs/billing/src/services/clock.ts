/**
 * Where "now" comes from. The service uses the system clock; the billing CLIs accept
 * `--now` so an operator (or a test) can run a cycle as of a chosen instant.
 */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();
