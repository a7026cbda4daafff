import { type Case, nodeGroup as group } from "./config-cases";

const KH_EXAMPLE = "git.example.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl";

/** Bad values issue 14 lists, one row per value: [what, input]. Their exact messages live in config-refusals.test.ts. */
export const NEW_CASES: [string, Case][] = [
    ["AZ listed twice", { set: { "platform:network": { availabilityZones: ["us-east-1a", "us-east-1a"] } } }],
    ["AZ name that is no zone of the region", { set: { "platform:network": { availabilityZones: ["us-east-1a", "us-east-1-bos-1a"] } } }],
    [
        "subnet smaller than AWS allows",
        {
            set: {
                "platform:network": {
                    cidr: "10.10.0.0/16",
                    publicSubnetCidrs: ["10.10.192.0/29", "10.10.208.0/20"],
                    privateSubnetCidrs: ["10.10.0.0/18", "10.10.64.0/18"],
                },
            },
        },
    ],
    ["flow log retention CloudWatch refuses", { set: { "platform:network": { flowLogRetentionDays: 10 } } }],
    ["cluster log retention CloudWatch refuses", { set: { "platform:cluster": { logRetentionDays: 100 } } }],
    ["instance type that does not exist", { set: { "platform:cluster": { nodeGroups: [group({ instanceTypes: ["m6i.larg"] })] } } }],
    ["Graviton type on the x86_64 AMI", { set: { "platform:cluster": { nodeGroups: [group({ instanceTypes: ["m6g.large"] })] } } }],
    [
        "node group too small for the system pods",
        { set: { "platform:cluster": { nodeGroups: [group({ instanceTypes: ["t3.medium"], minSize: 1, desiredSize: 1 })] } } },
    ],
    ["Postgres major without a parameter group family", { set: { "platform:database": { engineVersion: "11.22" } } }],
    ["Postgres version written as a YAML number", { set: { "platform:database": { engineVersion: 17.6 } } }],
    ["Kafka version MSK does not offer", { set: { "platform:kafka": { kafkaVersion: "3.5.0" } } }],
    ["OpenSearch volume above the instance type's limit", { set: { "platform:search": { volumeSizeGb: 500 } } }],
    ["OpenSearch instance type without a known volume limit", { set: { "platform:search": { instanceType: "x9.large.search" } } }],
    ["office hours in an offset, not an IANA zone", { set: { "platform:vpn": { officeHours: { timezone: "+02:00" } } } }],
    ["malformed SAML provider ARN", { set: { "platform:vpn": { samlProviderArn: "arn:aws:iam::12345:saml/okta" } } }],
    ["VPN client name starting with a digit", { set: { "platform:vpn": { clients: ["1alice"] } } }],
    ["tag with the aws: prefix", { set: { "platform:tags": { "aws:owner": "team" } } }],
    ["tag key over 128 characters", { set: { "platform:tags": { ["k".repeat(129)]: "v" } } }],
    ["tag value over 256 characters", { set: { "platform:tags": { owner: "v".repeat(257) } } }],
    ["tag that overwrites the platform's own", { set: { "platform:tags": { environment: "production" } } }],
    ["typo in the namespace of a key", { set: { "platfrom:protect": "true" } }],
    ["Hydra login URL over http", { set: { "platform:apps": { hydra: { loginUrl: "http://login.dev.example.com/login" } } } }],
    ["Hydra consent URL with javascript:", { set: { "platform:apps": { hydra: { consentUrl: "javascript:alert(1)" } } } }],
    [
        "Hydra on Grafana's host",
        { set: { "platform:observability": { grafanaExposed: true }, "platform:apps": { hydra: { host: "grafana" } } } },
    ],
    ["Hydra on an extra host's name", { set: { "platform:dns": { extraHosts: ["auth"] } } }],
    [
        "Git branch name Git refuses",
        { set: { "platform:gitops": { repoUrl: "ssh://git@github.com/acme/platform-config.git", branch: "feature..x" } } },
    ],
    [
        "sync path that climbs out of the repository",
        { set: { "platform:gitops": { repoUrl: "ssh://git@github.com/acme/platform-config.git", path: "../../etc" } } },
    ],
    [
        "knownHosts not in known_hosts format",
        {
            set: {
                "platform:gitops": {
                    repoUrl: "ssh://git@git.example.com/acme/config.git",
                    knownHosts: "git.example.com fingerprint SHA256:abc",
                },
            },
        },
    ],
    ["Kubernetes version 1.35 unquoted in YAML", { set: { "platform:cluster": { version: 1.35 } } }],
    ["Kubernetes version 1.30 unquoted in YAML (read as 1.3)", { set: { "platform:cluster": { version: 1.3 } } }],
    [
        "VPC on the VPN's default block: the suggested client block lies outside it",
        { set: { "platform:network": { cidr: "10.250.0.0/16" } } },
    ],
    ["reserved stack name: no problems about lists the stack never wrote", { stack: "logging" }],
    ["invalid alarm e-mail", { set: { "platform:alarms": { emails: ["oncall@example"] } } }],
];

export { KH_EXAMPLE };
