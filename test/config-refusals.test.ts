import * as assert from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { ConfigError } from "../stacks";
import type { Fix, Problem } from "../stacks/messages";
import { BAD, BASE, type Case, load, problemsOf, source } from "./config-cases";
import { NEW_CASES } from "./config-new-cases";

/** The exact message for each bad value of issue 14 (the inputs are in config-new-cases.ts). */
const EXPECTED: [string, string[]][] = [
    ["AZ listed twice", ['platform:network.availabilityZones[1]: "us-east-1a" is listed twice. List each zone once.']],
    [
        "AZ name that is no zone of the region",
        ['platform:network.availabilityZones[1]: "us-east-1-bos-1a" is not an AZ of us-east-1. Use a zone such as us-east-1a.'],
    ],
    [
        "subnet smaller than AWS allows",
        [
            'platform:network.publicSubnetCidrs[0]: "10.10.192.0/29" is a /29; AWS subnets are /16 to /28. Use a block from /16 to /28, such as 10.10.192.0/28.',
        ],
    ],
    [
        "flow log retention CloudWatch refuses",
        [
            "platform:network.flowLogRetentionDays: 10 is not a retention CloudWatch Logs accepts. Use 14 (one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653).",
        ],
    ],
    [
        "cluster log retention CloudWatch refuses",
        [
            "platform:cluster.logRetentionDays: 100 is not a retention CloudWatch Logs accepts. Use 120 (one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653).",
        ],
    ],
    [
        "instance type that does not exist",
        [
            'platform:cluster.nodeGroups[0].instanceTypes[0]: "m6i.larg" is not an EC2 instance type this program knows (stacks/aws/instances.ts lists them). Use a type such as m6i.large, or add its row there.',
        ],
    ],
    [
        "Graviton type on the x86_64 AMI",
        [
            'platform:cluster.nodeGroups[0].instanceTypes[0]: "m6g.large" is an arm64 type, but the nodes run an x86_64 AMI (components/cluster/nodes.ts). Use m6i.large.',
        ],
    ],
    [
        "node group too small for the system pods",
        [
            'platform:cluster.nodeGroups: [{"instanceTypes":["t3.medium"],"minSize":1}] can hold 9 pods at minimum size, fewer than the 10 system pods (Karpenter, CoreDNS, add-on controllers) the system group must hold (each node: its smallest type\'s max pods minus 8 DaemonSet pods). Raise nodeGroups[0].minSize to 2, or use larger instance types.',
        ],
    ],
    [
        "Postgres major without a parameter group family",
        [
            'platform:database.engineVersion: "11.22" is not a Postgres major RDS offers with a parameter group family. Use one of 14, 15, 16, 17, 18, such as 17.',
        ],
    ],
    [
        "Postgres version written as a YAML number",
        [
            'platform:database.engineVersion: 17.6 is a number: YAML reads an unquoted 17.6 as the number 17.6. Quote it in Pulumi.<stack>.yaml (engineVersion: "17.6"), or set it with: pulumi config set --path platform:database.engineVersion \'"17.6"\'',
        ],
    ],
    [
        "Kafka version MSK does not offer",
        [
            'platform:kafka.kafkaVersion: "3.5.0" is not a Kafka version MSK offers. Use one of 3.6.0, 3.7.x, 3.7.x.kraft, 3.8.x, 3.9.x, 3.9.x.kraft, 4.0.x.kraft, 4.1.x.kraft (3.9.x.kraft: no ZooKeeper to pay for).',
        ],
    ],
    [
        "OpenSearch volume above the instance type's limit",
        [
            "platform:search.volumeSizeGb: 500 is above the 100 GiB a t3.small.search data node takes. Use at most 100, or a larger instance type.",
        ],
    ],
    [
        "OpenSearch instance type without a known volume limit",
        [
            'platform:search.instanceType: "x9.large.search" has no EBS volume limit in stacks/aws/data-stores.ts. Use a listed type such as m6g.large.search, or add its row there.',
        ],
    ],
    [
        "office hours in an offset, not an IANA zone",
        [
            'platform:vpn.officeHours.timezone: "+02:00" is not an IANA time zone. Use a zone such as Europe/Berlin, America/New_York or UTC.',
        ],
    ],
    [
        "malformed SAML provider ARN",
        [
            'platform:vpn.samlProviderArn: "arn:aws:iam::12345:saml/okta" is not an IAM SAML provider ARN. Use arn:aws:iam::<account>:saml-provider/<name> (aws iam list-saml-providers).',
        ],
    ],
    [
        "VPN client name starting with a digit",
        [
            'platform:vpn.clients[0]: "1alice" is not a client name. Use 1-32 lower-case letters, digits and dashes, starting with a letter and not ending with a dash, e.g. alice.',
        ],
    ],
    [
        "tag with the aws: prefix",
        ['platform:tags.aws:owner: "team" (tag "aws:owner") uses the aws: prefix, which AWS reserves. Use a key without it.'],
    ],
    [
        "tag key over 128 characters",
        [
            'platform:tags.kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk: "v" (tag "kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk") is a tag key of 129 characters; AWS takes 1 to 128. Use a shorter key.',
        ],
    ],
    [
        "tag value over 256 characters",
        [
            'platform:tags.owner: "vvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvv" (tag "owner") has a value of 257 characters; AWS takes at most 256. Shorten the value.',
        ],
    ],
    [
        "tag that overwrites the platform's own",
        [
            'platform:tags.environment: "production" (tag "environment") is a tag the platform sets itself (project, stack, environment, managed-by). Remove it, or use another key.',
        ],
    ],
    [
        "typo in the namespace of a key",
        [
            "platfrom:protect: unknown config namespace \"platfrom\"; the program reads platform:protect, so this value is ignored. Move it: pulumi config rm 'platfrom:protect' && pulumi config set platform:protect <value>.",
        ],
    ],
    [
        "Hydra login URL over http",
        [
            'platform:apps.hydra.loginUrl: "http://login.dev.example.com/login" is not an https URL. Use https://login.dev.example.com/login.',
        ],
    ],
    [
        "Hydra consent URL with javascript:",
        [
            'platform:apps.hydra.consentUrl: "javascript:alert(1)" is not a URL. Use an https URL such as https://login.dev.example.com/consent.',
        ],
    ],
    [
        "Hydra on Grafana's host",
        [
            'platform:apps.hydra.host: "grafana" is also the host of platform:observability.grafanaExposed; each service needs its own name. Use another label, such as auth.',
        ],
    ],
    [
        "Hydra on an extra host's name",
        [
            'platform:apps.hydra.host: "auth" is also the host of platform:dns.extraHosts[0]; each service needs its own name. Use another label, such as oauth.',
        ],
    ],
    [
        "Git branch name Git refuses",
        [
            'platform:gitops.branch: "feature..x" is not a branch name Git accepts (git check-ref-format --branch). Use a name such as main or release/2026-12.',
        ],
    ],
    [
        "sync path that climbs out of the repository",
        [
            'platform:gitops.path: "../../etc" is not a path inside the repository (absolute, or with ./.. segments). Use a relative path such as clusters/dev.',
        ],
    ],
    [
        "knownHosts not in known_hosts format",
        [
            'platform:gitops.knownHosts: "git.example.com fingerprint SHA256:abc" is not in known_hosts format (lines of: host key-type base64-key). Use the output of ssh-keyscan git.example.com, checked against the host\'s published fingerprints.',
        ],
    ],
    [
        "Kubernetes version 1.35 unquoted in YAML",
        [
            'platform:cluster.version: 1.35 is a number: YAML reads an unquoted 1.35 as the number 1.35. Quote it in Pulumi.<stack>.yaml (version: "1.35"), or set it with: pulumi config set --path platform:cluster.version \'"1.35"\'',
        ],
    ],
    [
        "Kubernetes version 1.30 unquoted in YAML (read as 1.3)",
        [
            'platform:cluster.version: 1.3 is a number: YAML reads an unquoted 1.30 as the number 1.3. Quote it in Pulumi.<stack>.yaml (version: "1.30"), or set it with: pulumi config set --path platform:cluster.version \'"1.30"\'',
        ],
    ],
    [
        "VPC on the VPN's default block: the suggested client block lies outside it",
        ['platform:vpn.clientCidr: "10.250.0.0/22" overlaps the VPC 10.250.0.0/16. Use a block outside it, such as 172.31.252.0/22.'],
    ],
    [
        "reserved stack name: no problems about lists the stack never wrote",
        [
            'stack name "logging" is the name of a namespace the platform or Kubernetes already uses, and the environment\'s namespace is named after the stack. Rename the stack (pulumi stack rename <new-name>) or create it under another name.',
        ],
    ],
    [
        "invalid alarm e-mail",
        ['platform:alarms.emails[0]: "oncall@example" is not an e-mail address. Use an address such as oncall@example.com.'],
    ],
];

function detailsOf(c: Case): Problem[] {
    try {
        load(c);
    } catch (err) {
        assert.ok(err instanceof ConfigError, `expected a ConfigError, got ${err}`);
        return err.details;
    }
    return [];
}

/** `platform:cluster.nodeGroups[0].minSize` -> ["platform:cluster", ["nodeGroups", 0, "minSize"]]. */
function splitKey(key: string): [string, (string | number)[]] {
    const colon = key.indexOf(":");
    const rest = key.slice(colon + 1);
    const m = /^([^.[]+)(.*)$/.exec(rest)!;
    const path = [...m[2].matchAll(/\.([^.[]+)|\[(\d+)\]/g)].map((p) => (p[2] !== undefined ? Number(p[2]) : p[1]));
    // Tag keys may hold dots and colons: everything after "platform:tags." is one key.
    if (key.startsWith("platform:tags.")) return ["platform:tags", [key.slice("platform:tags.".length)]];
    return [`${key.slice(0, colon)}:${m[1]}`, path];
}

/** Applies fixes as `pulumi config set --path` / `config rm` / `stack rename` would; list removals last, highest index first. */
function applyFixes(c: Case, fixes: Fix[]): Case {
    const values: Record<string, unknown> = {};
    const src = source(c);
    for (const [k, v] of Object.entries(src.values)) {
        try {
            values[k] = k.startsWith("platform:") && /^[[{]/.test(v) ? JSON.parse(v) : v;
        } catch {
            values[k] = v;
        }
    }
    let stack = c.stack;
    const plain = new Set(c.plain ?? []);
    const ordered = [...fixes].sort(
        (a, b) => Number(!!a.remove) - Number(!!b.remove) || b.key.localeCompare(a.key, "en", { numeric: true }),
    );
    for (const fix of ordered) {
        if (fix.key === "stack") {
            stack = String(fix.value);
            continue;
        }
        const [top, path] = splitKey(fix.key);
        if (fix.secret) plain.delete(top);
        if (path.length === 0) {
            if (fix.remove) delete values[top];
            else values[top] = typeof fix.value === "string" ? fix.value : JSON.stringify(fix.value);
            continue;
        }
        if (typeof values[top] !== "object" || values[top] === null) values[top] = {};
        let parent: any = values[top];
        for (const p of path.slice(0, -1)) parent = parent[p] ??= {};
        const last = path[path.length - 1];
        if (!fix.remove) parent[last] = fix.value;
        else if (Array.isArray(parent) && typeof last === "number") parent.splice(last, 1);
        else delete parent[last];
    }
    const set: Record<string, unknown> = {};
    for (const k of new Set([...Object.keys(BASE), ...Object.keys(values), ...Object.keys(c.set ?? {})])) set[k] = values[k];
    return { set, plain: [...plain], stack };
}

describe("config refusals (issue 14)", () => {
    describe("every bad value is refused with the exact message", () => {
        for (const [what, input] of NEW_CASES) {
            const expected = EXPECTED.find(([w]) => w === what)?.[1];
            it(what, () => assert.deepStrictEqual(problemsOf(input), expected));
        }
    });

    it("every problem carries a fix", () => {
        const without = [...BAD.map(([w, c]) => [w, c] as [string, Case]), ...NEW_CASES].flatMap(([what, c]) =>
            detailsOf(c)
                .filter((p) => !p.fix || p.fix.length === 0)
                .map((p) => `${what}: ${p.text}`),
        );
        assert.deepStrictEqual(without, []);
    });

    describe("applying the suggested fixes leaves no problem", () => {
        // Two rows need a second round, each for a rule its first fix brings into play: quoting 1.30 gives a version
        // without pinned add-ons, and "production" becomes prod, which must name the deployers' CIDRs.
        const TWO_ROUNDS = new Set(["Kubernetes version 1.30 unquoted in YAML (read as 1.3)", "unknown tier"]);
        for (const [what, c] of [...BAD.map(([w, k]) => [w, k] as [string, Case]), ...NEW_CASES]) {
            it(what, () => {
                let current = c;
                for (let round = 0; round < (TWO_ROUNDS.has(what) ? 2 : 1); round++)
                    current = applyFixes(
                        current,
                        detailsOf(current).flatMap((p) => p.fix ?? []),
                    );
                assert.deepStrictEqual(
                    detailsOf(current).map((p) => p.text),
                    [],
                );
            });
        }
    });

    it("is a pulumi.RunError, which the CLI prints without a stack trace", () => {
        const err = (() => {
            try {
                load({ set: { "platform:network": { cidr: "10.0.0.0/33" } } });
            } catch (e) {
                return e;
            }
            return assert.fail("expected a ConfigError");
        })();
        assert.ok(pulumi.RunError.isInstance(err));
        assert.strictEqual((err as Error).message.split("\n")[0], "Stack config has 1 problem:");
    });

    describe("valid variations still load", () => {
        const variations: [string, Case][] = [
            ["a fresh stack with only the required keys", { stack: "qa" }],
            ["a prod stack", { stack: "prod", set: { ...minimal("prod") } }],
            ["VPN disabled", { set: { "platform:vpn": { enabled: false } } }],
            ["three explicit zones", { set: { "platform:network": { availabilityZones: ["us-east-1a", "us-east-1b", "us-east-1c"] } } }],
            ["zone IDs", { set: { "platform:network": { availabilityZoneIds: ["use1-az1", "use1-az2", "use1-az4"] } } }],
            [
                "Graviton-free x86 types and office hours in a linked zone name",
                { set: { "platform:vpn": { officeHours: { timezone: "US/Eastern" } } } },
            ],
            [
                "a GitLab host with pinned keys",
                {
                    set: {
                        "platform:gitops": {
                            repoUrl: "ssh://git@gitlab.example.com/g/sub/config.git",
                            knownHosts:
                                "gitlab.example.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl",
                            branch: "release/2026-12",
                            path: "./clusters/qa",
                        },
                    },
                },
            ],
        ];
        for (const [what, c] of variations)
            it(what, () =>
                assert.deepStrictEqual(
                    detailsOf(c).map((p) => p.text),
                    [],
                ),
            );
    });
});

function minimal(tier: string): Record<string, unknown> {
    return {
        "platform:environment": tier,
        "platform:domain": `${tier}.example.com`,
        "platform:cluster": { publicAccessCidrs: ["203.0.113.0/24"] },
    };
}
