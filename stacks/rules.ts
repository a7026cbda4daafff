import { problem } from "./messages";
import { SecretKey } from "./schema";

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

/** Flux needs ssh://git@host/org/repo; the scp form git@host:org/repo is what people paste from GitHub. */
export function checkRepoUrl(key: string, url: string, problems: string[]): boolean {
    const before = problems.length;
    const scp = /^([^@\s/]+)@([^:\s/]+):(.+)$/.exec(url);
    if (scp) {
        problems.push(problem(key, url, `is an scp-style Git URL, which Flux cannot use. Use ssh://${scp[1]}@${scp[2]}/${scp[3]}.`));
    } else if (!/^ssh:\/\/git@[a-z0-9.-]+(:\d+)?\/[^\s/]+\/[^\s]+$/i.test(url)) {
        problems.push(problem(key, url, "is not an SSH Git URL. Use ssh://git@github.com/<org>/<repo>.git (Flux authenticates with the generated deploy key)."));
    }
    return problems.length === before;
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
    } else if (key.startsWith("hydra") && value.length < 16) {
        problems.push(`${fullKey}: ${hidden} is shorter than 16 characters, which Hydra rejects. Use at least 32 random characters: pulumi config set --secret ${fullKey} "$(openssl rand -hex 32)", or remove it to let the program generate one.`);
    }
    return problems.length === before;
}
