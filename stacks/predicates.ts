/**
 * The one set of value rules, shared by stacks/ (which reports them against config keys) and by the components' own
 * argument checks (which throw them as one error). Each returns undefined for a good value, or what is wrong with the
 * fix in words (`what`, read after the value) and, when there is one, the value to use instead (`use`).
 */
import { LOG_RETENTION_DAYS, nearestRetention, POSTGRES_FAMILIES } from "./aws/data-stores";

export interface Verdict {
    what: string;
    /** The value that fixes it, when one can be named. */
    use?: unknown;
}

const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** A lower-case DNS label (RFC 1123): host labels below the domain, namespace names. */
export function dnsLabel(text: string, example = "auth"): Verdict | undefined {
    if (LABEL.test(text)) return undefined;
    const cleaned = text
        .toLowerCase()
        .replace(/[^a-z0-9-]+/g, "-")
        .replace(/^-+|-+$/g, "")
        .slice(0, 63);
    return {
        what: `is not a DNS label. Use lower-case letters, digits and dashes, such as ${cleaned || example}.`,
        use: cleaned || example,
    };
}

/** A service host one label below the domain, so the *.<domain> certificate covers it. */
export function hostLabel(host: string, domain: string): Verdict | undefined {
    if (host.includes(".")) {
        const first = host.split(".")[0];
        return {
            what: `is more than one level below the domain; the wildcard certificate *.${domain} would not cover ${host}.${domain}. Use a single label such as ${first}.`,
            use: first,
        };
    }
    return dnsLabel(host);
}

/** A Client VPN client: a resource name and a certificate CN. */
export function vpnClientName(name: string): Verdict | undefined {
    if (/^[a-z]([a-z0-9-]{0,30}[a-z0-9])?$/.test(name)) return undefined;
    const cleaned = name
        .toLowerCase()
        .replace(/[^a-z0-9-]+/g, "-")
        .replace(/^[^a-z]+|-+$/g, "")
        .slice(0, 32)
        .replace(/-+$/, "");
    return {
        what: `is not a client name. Use 1-32 lower-case letters, digits and dashes, starting with a letter and not ending with a dash, e.g. ${cleaned || "alice"}.`,
        use: cleaned || "alice",
    };
}

const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;
const ASSUMED_ROLE = /^arn:(aws[a-z-]*):sts::(\d{12}):assumed-role\/([^/]+)\/.+$/;

/** The role of an assumed-role session ARN, or undefined for any other text. */
export function roleOfSession(arn: string): string | undefined {
    const m = ASSUMED_ROLE.exec(arn);
    return m ? `arn:${m[1]}:iam::${m[2]}:role/${m[3]}` : undefined;
}

/** An IAM role ARN (access entries take roles, not sessions). */
export function roleArn(arn: string): Verdict | undefined {
    const role = roleOfSession(arn);
    if (role) return { what: `is an assumed-role session, not a role. Use ${role}.`, use: role };
    if (!ROLE_ARN.test(arn)) return { what: "is not an IAM role ARN. Use arn:aws:iam::<account>:role/<name>." };
    return undefined;
}

/** An IAM SAML identity provider ARN. */
export function samlProviderArn(arn: string): Verdict | undefined {
    if (/^arn:aws[a-z-]*:iam::\d{12}:saml-provider\/[\w.-]{1,128}$/.test(arn)) return undefined;
    return { what: "is not an IAM SAML provider ARN. Use arn:aws:iam::<account>:saml-provider/<name> (aws iam list-saml-providers)." };
}

/** An e-mail address SNS can deliver to: one @, a dotted domain, no spaces. */
export function email(address: string): Verdict | undefined {
    if (/^[^@\s]+@[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(address)) return undefined;
    return { what: "is not an e-mail address. Use an address such as oncall@example.com." };
}

/** An RDS PostgreSQL version: a major with a parameter group family, or one of its minors. */
export function postgresVersion(version: string): Verdict | undefined {
    const m = /^(\d+)(\.\d+)?$/.exec(version);
    const known = Object.keys(POSTGRES_FAMILIES).join(", ");
    if (!m)
        return {
            what: `is not a Postgres version. Use a major such as 17 (AWS applies minor upgrades) or a minor such as 17.6.`,
            use: "17",
        };
    if (!POSTGRES_FAMILIES[m[1]])
        return { what: `is not a Postgres major RDS offers with a parameter group family. Use one of ${known}, such as 17.`, use: "17" };
    return undefined;
}

/** CloudWatch Logs accepts a fixed set of retention days. */
export function logRetentionDays(days: number): Verdict | undefined {
    if ((LOG_RETENTION_DAYS as readonly number[]).includes(days)) return undefined;
    const use = nearestRetention(days);
    return { what: `is not a retention CloudWatch Logs accepts. Use ${use} (one of ${LOG_RETENTION_DAYS.join(", ")}).`, use };
}

/**
 * An IANA time zone name as the database writes it (EventBridge Scheduler takes names). Intl also accepts offsets such as
 * +02:00, which are no zone names and have no daylight-saving rules: those are refused. Links (US/Eastern) are names.
 */
export function timeZone(zone: string): Verdict | undefined {
    let resolved: string | undefined;
    try {
        resolved = /^[A-Za-z]/.test(zone) ? new Intl.DateTimeFormat("en-US", { timeZone: zone }).resolvedOptions().timeZone : undefined;
    } catch {
        resolved = undefined;
    }
    if (!resolved) return { what: "is not an IANA time zone. Use a zone such as Europe/Berlin, America/New_York or UTC.", use: "UTC" };
    // Node matches names case-insensitively; EventBridge Scheduler is only documented with the canonical case.
    if (resolved !== zone && resolved.toLowerCase() === zone.toLowerCase())
        return { what: `is not written as the IANA database writes it. Use ${resolved}.`, use: resolved };
    return undefined;
}

/** An https URL (Hydra redirects browsers there: http leaks the login flow, other schemes run code). */
export function httpsUrl(text: string, example: string): Verdict | undefined {
    let url: URL | undefined;
    try {
        url = new URL(text);
    } catch {
        url = undefined;
    }
    if (!url?.hostname) return { what: `is not a URL. Use an https URL such as ${example}.`, use: example };
    if (url.protocol !== "https:") {
        const use = url.protocol === "http:" ? `https://${text.slice("http://".length)}` : example;
        return { what: `is not an https URL. Use ${use}.`, use };
    }
    return undefined;
}

/**
 * A Git branch name Git accepts (git check-ref-format --branch): no `..`, `@{`, control characters, space, ~ ^ : ? * [
 * or backslash; no component starting with a dot or ending with .lock; no leading dash, trailing slash or dot.
 */
export function gitBranch(name: string): Verdict | undefined {
    const bad =
        name === "@" ||
        name.startsWith("-") ||
        name.endsWith("/") ||
        name.endsWith(".") ||
        name.includes("..") ||
        name.includes("@{") ||
        name.includes("//") ||
        // biome-ignore lint/suspicious/noControlCharactersInRegex: git check-ref-format refuses control characters, so the rule names them.
        /[\x00-\x20\x7f~^:?*[\\]/.test(name) ||
        name.split("/").some((c) => c === "" || c.startsWith(".") || c.endsWith(".lock"));
    return bad
        ? {
              what: "is not a branch name Git accepts (git check-ref-format --branch). Use a name such as main or release/2026-12.",
              use: "main",
          }
        : undefined;
}

/** A path inside the repository: relative, no `..` segment that climbs out, no empty segment. */
export function repoPath(path: string, example: string): Verdict | undefined {
    const segments = path.replace(/^\.\//, "").replace(/\/$/, "").split("/");
    if (path.startsWith("/") || segments.some((s) => s === ".." || s === "" || s === ".")) {
        return {
            what: `is not a path inside the repository (absolute, or with ./.. segments). Use a relative path such as ${example}.`,
            use: example,
        };
    }
    return undefined;
}

const KEY_TYPES = [
    "ssh-ed25519",
    "ssh-rsa",
    "ecdsa-sha2-nistp256",
    "ecdsa-sha2-nistp384",
    "ecdsa-sha2-nistp521",
    "sk-ssh-ed25519@openssh.com",
    "sk-ecdsa-sha2-nistp256@openssh.com",
];

/** known_hosts lines: `[marker] hosts key-type base64-key [comment]`; comments and blank lines allowed, at least one key. */
export function knownHosts(text: string, host: string): Verdict | undefined {
    const lines = text
        .split("\n")
        .map((l) => l.trim())
        .filter((l) => l !== "" && !l.startsWith("#"));
    const good = (line: string) => {
        const fields = line.split(/\s+/);
        if (fields[0]?.startsWith("@")) fields.shift();
        const [hosts, type, key] = fields;
        return !!hosts && KEY_TYPES.includes(type) && !!key && /^[A-Za-z0-9+/]+={0,2}$/.test(key) && key.length >= 32;
    };
    if (lines.length > 0 && lines.every(good)) return undefined;
    return {
        what: `is not in known_hosts format (lines of: host key-type base64-key). Use the output of ssh-keyscan ${host}, checked against the host's published fingerprints.`,
    };
}

/** AWS tag rules (Tagging AWS resources, "Tag naming limits"), and the tags the platform sets itself. */
export function tag(key: string, value: string, reserved: readonly string[]): Verdict | undefined {
    const chars = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
    if (reserved.includes(key))
        return { what: `is a tag the platform sets itself (${reserved.join(", ")}). Remove it, or use another key.` };
    if (key.toLowerCase().startsWith("aws:")) return { what: "uses the aws: prefix, which AWS reserves. Use a key without it." };
    if (key.length === 0 || key.length > 128)
        return { what: `is a tag key of ${key.length} characters; AWS takes 1 to 128. Use a shorter key.` };
    if (!chars.test(key)) return { what: "has characters AWS refuses in a tag key. Use letters, digits, spaces and _ . : / = + - @." };
    if (value.length > 256)
        return { what: `has a value of ${value.length} characters; AWS takes at most 256. Shorten the value.`, use: value.slice(0, 256) };
    if (!chars.test(value))
        return {
            what: "has a value with characters AWS refuses. Use letters, digits, spaces and _ . : / = + - @.",
            use: value.replace(/[^\p{L}\p{Z}\p{N}_.:/=+\-@]/gu, "-"),
        };
    return undefined;
}

/**
 * The components' validation style: every problem with the arguments at once, as one error naming the component.
 * stacks/ checks the same rules first, against config keys; this guards direct callers.
 */
export function throwIfProblems(component: string, problems: (string | undefined)[]): void {
    const found = problems.filter((p): p is string => p !== undefined);
    if (found.length > 0) throw new Error(`${component}: ${found.join(" ")}`);
}

/** One argument's problem as a component reports it: `label "value" what`. */
export function argProblem(label: string, value: unknown, verdict: Verdict | undefined): string | undefined {
    return verdict ? `${label} ${JSON.stringify(value)} ${verdict.what}` : undefined;
}
