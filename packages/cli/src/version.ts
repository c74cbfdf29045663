/** The CLI's version, printed by `--version`. Kept beside package.json's by a test. */
export const CLI_VERSION = '0.1.0';
