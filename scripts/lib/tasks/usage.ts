// What a command given wrongly throws: the CLI (scripts/content.ts) prints the message with its usage, exit 2.

/** A command given wrongly (a missing argument, a value of the wrong kind, a target that is not one). */
export class UsageError extends Error {}
