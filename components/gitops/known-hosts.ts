import { parseSshUrl } from "../../stacks/rules";
/**
 * GitHub's published SSH host keys (docs.github.com, "GitHub's SSH key fingerprints"); the SHA256 fingerprints
 * were checked against the published ones: Ed25519 +DiY3wvvV6TuJJhbpZisF/zLDA0zPMSvHdkr4UvCOqU,
 * ECDSA p2QAMXNIC1TJYWeIOttrVc98/R1BUFWu3/LiyKgUfQM, RSA uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s (the RSA key
 * rotated on 2023-03-24). A rotation is a one-line diff here.
 */
export const GITHUB_KNOWN_HOSTS = `${[
    "github.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl",
    "github.com ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBEmKSENjQEezOmxkZMy7opKgwFB9nkt5YRrYMjNuG5N87uRgg6CLrbo5wAdT/y6v0mKV0U2w0WZ2YB/++Tpockg=",
    "github.com ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABgQCj7ndNxQowgcQnjshcLrqPEiiphnt+VTTvDP6mHBL9j1aNUkY4Ue1gvwnGLVlOhGeYrnZaMgRK6+PKCUXaDbC7qtbW8gIkhL7aGCsOr/C56SJMy/BCZfxd1nWzAOxSDPgVsmerOBYfNqltV9/hWCqBywINIR+5dIg6JTJ72pcEpEjcYgXkE2YEFXV1JHnsKgbLWNlhScqb2UmyRkQyytRLtL+38TGxkxCflmO+5Z8CSSNY7GidjMIZ7Q4zMjA2n1nGrlTDkzwDCsw+wqFPGQA179cnfGWOWRVruj16z6XyvxvjJwbz0wQZ75XK5tKSb7FNyeIEs4TT4jk+S4dhPeAUC5y+bDYirYgM4GC7uEnztnZyaVWQ7B381AK4Qdrwt51ZqExKbQpTUNn+EjqoTwvqNj4kqx5QUCI0ThS/YkOxJCXmPUWZbhjpCg56i+2aB6CmK2JGhn57K5mj0MNdBXA4/WnwH6XoPWJzK5Nyu2zB3nAZp+S5hpQs+p1vN1/wsjk=",
].join("\n")}\n`;

/** The parts of an ssh://git@host[:port]/org/repo(.git) URL. */
export interface GitSshUrl {
    host: string;
    /** Undefined for the default port 22. */
    port?: number;
    owner: string;
    repo: string;
}

/** Parses the config repository URL; stacks/ has already rejected bad URLs, this guards direct callers. */
export function parseGitSshUrl(url: string): GitSshUrl {
    const parsed = parseSshUrl(url);
    if (!parsed) {
        throw new Error(
            `platform:gitops.repoUrl: "${url}" is not of the form ssh://git@host/org/repo. Use ssh://git@github.com/<org>/<repo>.git.`,
        );
    }
    const segments = parsed.path.split("/");
    const port = parsed.port === undefined || parsed.port === "22" ? undefined : Number(parsed.port);
    return { host: parsed.host, port, owner: segments.slice(0, -1).join("/"), repo: segments[segments.length - 1] };
}

/**
 * The known_hosts Flux pins for the config repository: the configured lines when given, else GitHub's published keys
 * for github.com on port 22. Any other host without configured lines is an error: trusting whatever key the host
 * presents on first contact is exactly what pinning is for (K10).
 */
export function knownHostsFor(repoUrl: string, knownHosts?: string): string {
    const configured = knownHosts?.trim();
    if (configured) return `${configured}\n`;
    const { host, port } = parseGitSshUrl(repoUrl);
    if (host === "github.com" && port === undefined) return GITHUB_KNOWN_HOSTS;
    const where = port === undefined ? host : `[${host}]:${port}`;
    throw new Error(
        `platform:gitops.knownHosts: required because gitops.repoUrl's host "${where}" is not github.com, the only host whose keys are built in. ` +
            `Set it to the host's known_hosts lines (ssh-keyscan -p ${port ?? 22} ${host}, checked against the host's published fingerprints).`,
    );
}
