/**
 * Exits once stdout and stderr have drained. process.exit right after a large console.log cuts piped output at the
 * pipe's 64 KiB buffer (`npm run cost -- --json | jq` read invalid JSON); exiting at all is still needed because the
 * Pulumi runtime can leave handles open after a mocked run.
 */
export function exitWhenFlushed(code: number): void {
    process.stdout.write("", () => process.stderr.write("", () => process.exit(code)));
}
