import { type Fix, type Problem, note, problem } from "./messages";
import { hostLabel, roleArn } from "./predicates";
import type { SecretKey } from "./schema";
import type { AccessConfig } from "./types";

const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** A bare, lower-case DNS name: the zone the environment owns. */
export function checkDomain(key: string, domain: string, problems: Problem[]): void {
    const bare = domain
        .replace(/^[a-z]+:\/\//i, "")
        .replace(/\/.*$/, "")
        .replace(/\.$/, "")
        .toLowerCase();
    const fix = { key, value: bare };
    if (/^[a-z]+:\/\//i.test(domain) || domain.includes("/")) {
        problems.push(problem(key, domain, `must be a bare domain name. Use ${bare} (no scheme, no path).`, fix));
    } else if (domain.endsWith(".")) {
        // Quoted: "Use dev.example.com." would read as the same name with the dot.
        problems.push(problem(key, domain, `must not end with a dot. Use ${JSON.stringify(bare)}.`, fix));
    } else if (domain !== domain.toLowerCase()) {
        problems.push(problem(key, domain, `must be lower case (Route53 and ACM names are compared in lower case). Use ${bare}.`, fix));
    } else if (domain.split(".").length < 2 || !domain.split(".").every((l) => LABEL.test(l))) {
        problems.push(problem(key, domain, "is not a DNS name. Use a name such as dev.example.com.", { key, value: "dev.example.com" }));
    }
}

/** A service host is one label below the domain, so the *.<domain> certificate covers it. */
export function checkHostLabel(key: string, host: string, domain: string, problems: Problem[]): void {
    const v = hostLabel(host, domain);
    if (v) problems.push(problem(key, host, v.what, { key, value: v.use }));
}

// ssh://git@host[:port]/org[/subgroup...]/repo[.git]: GitLab subgroups are as valid for Flux as GitHub's org/repo.
const SSH_URL = /^ssh:\/\/git@([a-z0-9.-]+)(?::(\d+))?\/((?:[^\s/]+\/)+[^\s/]+?)(?:\.git)?\/?$/i;

/** The one parser of the config repository URL (stacks/ validates with it, the gitops layer reads with it). */
export function parseSshUrl(url: string): { host: string; port?: string; path: string } | undefined {
    const m = SSH_URL.exec(url);
    return m ? { host: m[1].toLowerCase(), port: m[2], path: m[3] } : undefined;
}

/** Flux needs ssh://git@host/org/repo; the scp form git@host:org/repo is what people paste from GitHub. */
export function checkRepoUrl(key: string, url: string, problems: Problem[]): boolean {
    const before = problems.length;
    const scp = /^([^@\s/]+)@([^:\s/]+):(.+)$/.exec(url);
    if (scp) {
        const use = `ssh://${scp[1]}@${scp[2]}/${scp[3]}`;
        problems.push(problem(key, url, `is an scp-style Git URL, which Flux cannot use. Use ${use}.`, { key, value: use }));
    } else if (!parseSshUrl(url)) {
        const https = /^https?:\/\/([^/\s]+)\/(.+)$/.exec(url);
        const use = https ? `ssh://git@${https[1]}/${https[2]}` : "ssh://git@github.com/acme/platform-config.git";
        problems.push(
            problem(
                key,
                url,
                "is not an SSH Git URL. Use ssh://git@github.com/<org>/<repo>.git (Flux authenticates with the generated deploy key).",
                { key, value: use },
            ),
        );
    }
    return problems.length === before;
}

/** Each entry once: a repeated namespace, host or e-mail would declare two resources with one name. */
export function checkUnique(key: string, list: string[], problems: Problem[]): void {
    list.forEach((item, i) => {
        if (list.indexOf(item) !== i)
            problems.push(problem(`${key}[${i}]`, item, "is listed twice. Remove one.", { key: `${key}[${i}]`, remove: true }));
    });
}

const MONGO = /^mongodb(\+srv)?:\/\/[^\s/]+/;

/**
 * Checks a secret's plain value without ever echoing it: messages say "(secret, N characters)" instead.
 * Returns false when the value is unusable.
 */
export function checkSecretValue(key: SecretKey, value: string, problems: Problem[]): boolean {
    const fullKey = `platform:${key}`;
    const hidden = `(secret, ${value.length} characters)`;
    const before = problems.length;
    const set = (v: string): Fix => ({ key: fullKey, value: v, secret: true });
    if (value.trim() === "") {
        problems.push(
            note(
                fullKey,
                `${fullKey}: ${hidden} is empty. Set it with: pulumi config set --secret ${fullKey} <value>`,
                set("0123456789abcdef0123456789abcdef"),
            ),
        );
    } else if ((key === "mongoUrl" || key === "mongoOplogUrl") && !MONGO.test(value)) {
        problems.push(
            note(
                fullKey,
                `${fullKey}: ${hidden} is not a MongoDB URL. Use mongodb+srv://<user>:<password>@<cluster>/<db> or mongodb://<user>:<password>@<host>:27017/<db>.`,
                set("mongodb+srv://user:password@cluster.invalid/db"),
            ),
        );
    } else if (key === "hydraRetiredSystemSecrets") {
        let list: unknown;
        try {
            list = JSON.parse(value);
        } catch {
            list = undefined;
        }
        if (!Array.isArray(list) || list.some((v) => typeof v !== "string" || v.length < 16)) {
            problems.push(
                note(
                    fullKey,
                    `${fullKey}: ${hidden} is not a JSON list of former system secrets of 16 or more characters each. Set it with: pulumi config set --secret ${fullKey} '["<old secret>"]'`,
                    set(JSON.stringify([value.padEnd(16, "0")])),
                ),
            );
        }
    } else if (key.startsWith("hydra") && value.length < 16) {
        problems.push(
            note(
                fullKey,
                `${fullKey}: ${hidden} is shorter than 16 characters, which Hydra rejects. Use at least 32 random characters: ` +
                    `pulumi config set --secret ${fullKey} "$(openssl rand -hex 32)", or remove it to let the program generate one.`,
                { key: fullKey, remove: true },
            ),
        );
    }
    return problems.length === before;
}

/** The role lists that become access entries, in precedence order: a role in two lists is reported on the later one. */
export const ACCESS_ROLE_LISTS = ["adminRoleArns", "ciDeployRoleArns", "ciPreviewRoleArns", "developerRoleArns"] as const;
export type AccessRoleList = (typeof ACCESS_ROLE_LISTS)[number];

/** Access entries: IAM role ARNs only, one entry per principal (EKS rejects a second one for the same role). */
export function accessProblems(access: Partial<Pick<AccessConfig, AccessRoleList>>): Problem[] {
    const problems: Problem[] = [];
    const listOf = (key: AccessRoleList) => access[key] ?? [];
    for (const key of ACCESS_ROLE_LISTS) {
        listOf(key).forEach((arn, i) => {
            const k = `platform:access.${key}[${i}]`;
            const v = roleArn(arn);
            if (v)
                problems.push(
                    problem(k, arn, v.what, v.use ? { key: k, value: v.use } : { key: k, value: "arn:aws:iam::111122223333:role/Example" }),
                );
        });
    }
    for (const key of ACCESS_ROLE_LISTS) {
        const list = listOf(key);
        list.forEach((arn, i) => {
            const k = `platform:access.${key}`;
            if (list.indexOf(arn) !== i)
                problems.push(note(k, `${k}: "${arn}" is listed twice. Remove one.`, { key: `${k}[${i}]`, remove: true }));
        });
    }
    ACCESS_ROLE_LISTS.forEach((key, k) => {
        const list = listOf(key);
        list.forEach((arn, i) => {
            if (list.indexOf(arn) !== i) return;
            const earlier = ACCESS_ROLE_LISTS.slice(0, k).find((other) => listOf(other).includes(arn));
            if (earlier) {
                problems.push(
                    note(
                        `platform:access.${key}`,
                        `platform:access.${key}: "${arn}" is also in platform:access.${earlier}; a principal has one access entry. Keep it in one list.`,
                        { key: `platform:access.${key}[${i}]`, remove: true },
                    ),
                );
            }
        });
    });
    return problems;
}

/** Namespaces a list may name: the ones the platform creates, plus `default`. */
export function checkNamespaceList(key: string, names: string[], known: string[], problems: Problem[]): void {
    names.forEach((name, i) => {
        if (!known.includes(name))
            problems.push(
                problem(`${key}[${i}]`, name, `is not a namespace the platform creates. Use one of ${known.join(", ")}.`, {
                    key: `${key}[${i}]`,
                    remove: true,
                }),
            );
    });
}
