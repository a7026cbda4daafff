import { problem } from "./messages";
import { SecretKey } from "./schema";
import { AccessConfig } from "./types";

const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** A bare, lower-case DNS name: the zone the environment owns. */
export function checkDomain(key: string, domain: string, problems: string[]): void {
    const bare = domain.replace(/^[a-z]+:\/\//i, "").replace(/\/.*$/, "").replace(/\.$/, "").toLowerCase();
    if (/^[a-z]+:\/\//i.test(domain) || domain.includes("/")) {
        problems.push(problem(key, domain, `must be a bare domain name. Use ${bare} (no scheme, no path).`));
    } else if (domain.endsWith(".")) {
        // Quoted: "Use dev.example.com." would read as the same name with the dot.
        problems.push(problem(key, domain, `must not end with a dot. Use ${JSON.stringify(bare)}.`));
    } else if (domain !== domain.toLowerCase()) {
        problems.push(problem(key, domain, `must be lower case (Route53 and ACM names are compared in lower case). Use ${bare}.`));
    } else if (domain.split(".").length < 2 || !domain.split(".").every((l) => LABEL.test(l))) {
        problems.push(problem(key, domain, "is not a DNS name. Use a name such as dev.example.com."));
    }
}

/** A service host is one label below the domain, so the *.<domain> certificate covers it. */
export function checkHostLabel(key: string, host: string, domain: string, problems: string[]): void {
    if (host.includes(".")) {
        problems.push(problem(key, host, `is more than one level below the domain; the wildcard certificate *.${domain} would not cover ${host}.${domain}. Use a single label such as ${host.split(".")[0]}.`));
    } else if (!LABEL.test(host)) {
        problems.push(problem(key, host, "is not a DNS label. Use lower-case letters, digits and dashes, such as auth."));
    }
}

// ssh://git@host[:port]/org[/subgroup...]/repo[.git]: GitLab subgroups are as valid for Flux as GitHub's org/repo.
const SSH_URL = /^ssh:\/\/git@([a-z0-9.-]+)(?::(\d+))?\/((?:[^\s/]+\/)+[^\s/]+?)(?:\.git)?\/?$/i;

/** The one parser of the config repository URL (stacks/ validates with it, the gitops layer reads with it). */
export function parseSshUrl(url: string): { host: string; port?: string; path: string } | undefined {
    const m = SSH_URL.exec(url);
    return m ? { host: m[1].toLowerCase(), port: m[2], path: m[3] } : undefined;
}

/** Flux needs ssh://git@host/org/repo; the scp form git@host:org/repo is what people paste from GitHub. */
export function checkRepoUrl(key: string, url: string, problems: string[]): boolean {
    const before = problems.length;
    const scp = /^([^@\s/]+)@([^:\s/]+):(.+)$/.exec(url);
    if (scp) {
        problems.push(problem(key, url, `is an scp-style Git URL, which Flux cannot use. Use ssh://${scp[1]}@${scp[2]}/${scp[3]}.`));
    } else if (!parseSshUrl(url)) {
        problems.push(problem(key, url, "is not an SSH Git URL. Use ssh://git@github.com/<org>/<repo>.git (Flux authenticates with the generated deploy key)."));
    }
    return problems.length === before;
}

/** Each entry once: a repeated namespace, host or e-mail would declare two resources with one name. */
export function checkUnique(key: string, list: string[], problems: string[]): void {
    list.forEach((item, i) => {
        if (list.indexOf(item) !== i) problems.push(problem(`${key}[${i}]`, item, "is listed twice. Remove one."));
    });
}

const MONGO = /^mongodb(\+srv)?:\/\/[^\s/]+/;

/**
 * Checks a secret's plain value without ever echoing it: messages say "(secret, N characters)" instead.
 * Returns false when the value is unusable.
 */
export function checkSecretValue(key: SecretKey, value: string, problems: string[]): boolean {
    const fullKey = `platform:${key}`;
    const hidden = `(secret, ${value.length} characters)`;
    const before = problems.length;
    if (value.trim() === "") {
        problems.push(`${fullKey}: ${hidden} is empty. Set it with: pulumi config set --secret ${fullKey} <value>`);
    } else if ((key === "mongoUrl" || key === "mongoOplogUrl") && !MONGO.test(value)) {
        problems.push(`${fullKey}: ${hidden} is not a MongoDB URL. Use mongodb+srv://<user>:<password>@<cluster>/<db> or mongodb://<user>:<password>@<host>:27017/<db>.`);
    } else if (key === "hydraRetiredSystemSecrets") {
        let list: unknown;
        try {
            list = JSON.parse(value);
        } catch {
            list = undefined;
        }
        if (!Array.isArray(list) || list.some((v) => typeof v !== "string" || v.length < 16)) {
            problems.push(`${fullKey}: ${hidden} is not a JSON list of former system secrets of 16 or more characters each. Set it with: pulumi config set --secret ${fullKey} '["<old secret>"]'`);
        }
    } else if (key.startsWith("hydra") && value.length < 16) {
        problems.push(`${fullKey}: ${hidden} is shorter than 16 characters, which Hydra rejects. Use at least 32 random characters: pulumi config set --secret ${fullKey} "$(openssl rand -hex 32)", or remove it to let the program generate one.`);
    }
    return problems.length === before;
}

const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@\/-]+$/;
const ASSUMED_ROLE = /^arn:(aws[a-z-]*):sts::(\d{12}):assumed-role\/([^/]+)\/.+$/;

/** The role lists that become access entries, in precedence order: a role in two lists is reported on the later one. */
export const ACCESS_ROLE_LISTS = ["adminRoleArns", "ciDeployRoleArns", "ciPreviewRoleArns", "developerRoleArns"] as const;
export type AccessRoleList = (typeof ACCESS_ROLE_LISTS)[number];

/** Access entries: IAM role ARNs only, one entry per principal (EKS rejects a second one for the same role). */
export function accessProblems(access: Partial<Pick<AccessConfig, AccessRoleList>>): string[] {
    const problems: string[] = [];
    const listOf = (key: AccessRoleList) => access[key] ?? [];
    for (const key of ACCESS_ROLE_LISTS) {
        listOf(key).forEach((arn, i) => {
            const assumed = ASSUMED_ROLE.exec(arn);
            if (assumed) problems.push(problem(`platform:access.${key}[${i}]`, arn, `is an assumed-role session, not a role. Use arn:${assumed[1]}:iam::${assumed[2]}:role/${assumed[3]}.`));
            else if (!ROLE_ARN.test(arn)) problems.push(problem(`platform:access.${key}[${i}]`, arn, "is not an IAM role ARN. Use arn:aws:iam::<account>:role/<name>."));
        });
    }
    const dupes = (list: string[]) => list.filter((arn, i) => list.indexOf(arn) !== i);
    for (const key of ACCESS_ROLE_LISTS) {
        for (const arn of dupes(listOf(key))) problems.push(`platform:access.${key}: "${arn}" is listed twice. Remove one.`);
    }
    ACCESS_ROLE_LISTS.forEach((key, k) => {
        for (const arn of new Set(listOf(key))) {
            const earlier = ACCESS_ROLE_LISTS.slice(0, k).find((other) => listOf(other).includes(arn));
            if (earlier) problems.push(`platform:access.${key}: "${arn}" is also in platform:access.${earlier}; a principal has one access entry. Keep it in one list.`);
        }
    });
    return problems;
}

/** Namespaces a list may name: the ones the platform creates, plus `default`. */
export function checkNamespaceList(key: string, names: string[], known: string[], problems: string[]): void {
    names.forEach((name, i) => {
        if (!known.includes(name)) problems.push(problem(`${key}[${i}]`, name, `is not a namespace the platform creates. Use one of ${known.join(", ")}.`));
    });
}
