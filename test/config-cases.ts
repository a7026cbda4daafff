import * as assert from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { ConfigError, type ConfigSource, type PlatformConfig, loadStackConfig } from "../stacks";
import { minimalStackConfig } from "../offline/engine/minimal-stack";

/** The config test cases: a ConfigSource per case, and the table of bad values with their exact messages. */

const SECRET_KEYS = [
    "dockerHubToken",
    "mongoUrl",
    "mongoOplogUrl",
    "hydraSystemSecret",
    "hydraCookieSecret",
    "hydraPairwiseSalt",
    "hydraRetiredSystemSecrets",
    "githubToken",
].map((k) => `platform:${k}`);

export const BASE = minimalStackConfig();

export interface Case {
    /** Keys to set (objects are JSON-encoded as Pulumi hands them over) or, with `undefined`, to remove. */
    set?: Record<string, unknown>;
    /** Keys stored in plain text although they are secret keys. */
    plain?: string[];
    stack?: string;
}

/** A ConfigSource like pulumiConfigSource(): secret keys are marked secret unless listed in `plain`. */
export function source(c: Case = {}): ConfigSource {
    const values: Record<string, string> = { ...BASE };
    for (const [key, value] of Object.entries(c.set ?? {})) {
        if (value === undefined) delete values[key];
        else values[key] = typeof value === "string" ? value : JSON.stringify(value);
    }
    const plain = new Set(c.plain ?? []);
    return {
        project: "platform",
        stack: c.stack ?? "dev",
        values,
        isSecret: (fullKey) => SECRET_KEYS.includes(fullKey) && !plain.has(fullKey),
        secret: (key) => pulumi.secret(values[`platform:${key}`]),
    };
}

export const load = (c: Case = {}): PlatformConfig => loadStackConfig(source(c), { supportedKubernetesVersions: ["1.35"] });

export function problemsOf(c: Case): string[] {
    try {
        load(c);
    } catch (err) {
        assert.ok(err instanceof ConfigError, `expected a ConfigError, got ${err}`);
        return err.problems;
    }
    assert.fail("the config loaded, but a ConfigError was expected");
}

export const nodeGroup = (sizes: Record<string, unknown>) => ({
    name: "general",
    instanceTypes: ["m6i.large"],
    capacityType: "ON_DEMAND",
    minSize: 2,
    desiredSize: 2,
    maxSize: 4,
    diskSizeGb: 50,
    ...sizes,
});
const explicitSubnets = (publicSubnetCidrs: string[], privateSubnetCidrs: string[]) => ({
    "platform:network": { cidr: "10.10.0.0/16", publicSubnetCidrs, privateSubnetCidrs },
});

const KNOWN_NETWORK_KEYS =
    "cidr, azCount, availabilityZones, availabilityZoneIds, natGateways, publicSubnetCidrs, privateSubnetCidrs, flowLogRetentionDays";
const KNOWN_PLATFORM_KEYS =
    "environment, domain, protect, network, cluster, karpenter, access, database, kafka, search, vpn, alarms, ingress, dns, gitops, " +
    "dockerHub, observability, apps, tags, dockerHubToken, mongoUrl, mongoOplogUrl, hydraSystemSecret, hydraCookieSecret, hydraPairwiseSalt, hydraRetiredSystemSecrets, githubToken";

export const BAD: [string, Case, string[]][] = [
    // CIDRs.
    [
        "malformed VPC CIDR (prefix > 32)",
        { set: { "platform:network": { cidr: "10.0.0.0/33" } } },
        ['platform:network.cidr: "10.0.0.0/33" is not a valid IPv4 CIDR. Use a block such as 10.20.0.0/16 (VPC size must be /16 to /28).'],
    ],
    [
        "malformed VPC CIDR (octet > 255)",
        { set: { "platform:network": { cidr: "10.300.0.0/16" } } },
        [
            'platform:network.cidr: "10.300.0.0/16" is not a valid IPv4 CIDR. Use a block such as 10.20.0.0/16 (VPC size must be /16 to /28).',
        ],
    ],
    [
        "VPC CIDR with host bits set",
        { set: { "platform:network": { cidr: "10.10.1.0/16" } } },
        ['platform:network.cidr: "10.10.1.0/16" has host bits set, so AWS rejects it. Use 10.10.0.0/16.'],
    ],
    [
        "VPC larger than /16",
        { set: { "platform:network": { cidr: "10.0.0.0/8" } } },
        ['platform:network.cidr: "10.0.0.0/8" is a /8; VPC size must be /16 to /28. Use a block from /16 to /28, such as 10.0.0.0/16.'],
    ],
    [
        "VPC smaller than /28",
        { set: { "platform:network": { cidr: "10.10.0.0/29" } } },
        ['platform:network.cidr: "10.10.0.0/29" is a /29; VPC size must be /16 to /28. Use a block from /16 to /28, such as 10.10.0.0/24.'],
    ],
    [
        "VPC too small to plan subnets automatically",
        { set: { "platform:network": { cidr: "10.10.0.0/25" } } },
        [
            'platform:network.cidr: "10.10.0.0/25" is too small to carve subnets from automatically. Use a /24 or larger, or list publicSubnetCidrs and privateSubnetCidrs.',
        ],
    ],
    [
        "subnet outside the VPC",
        { set: explicitSubnets(["10.10.192.0/20", "10.11.208.0/20"], ["10.10.0.0/18", "10.10.64.0/18"]) },
        [
            'platform:network.publicSubnetCidrs[1]: "10.11.208.0/20" is outside the VPC 10.10.0.0/16. Use a block inside platform:network.cidr.',
        ],
    ],
    [
        "overlapping subnets",
        { set: explicitSubnets(["10.10.0.0/24", "10.10.1.0/24"], ["10.10.0.0/18", "10.10.64.0/18"]) },
        [
            'platform:network.privateSubnetCidrs[0]: "10.10.0.0/18" overlaps platform:network.publicSubnetCidrs[0] (10.10.0.0/24). Give each subnet its own block.',
        ],
    ],
    [
        "subnet with host bits set",
        { set: explicitSubnets(["10.10.192.0/20", "10.10.208.0/20"], ["10.10.0.0/18", "10.10.64.1/18"]) },
        ['platform:network.privateSubnetCidrs[1]: "10.10.64.1/18" has host bits set, so AWS rejects it. Use 10.10.64.0/18.'],
    ],
    [
        "more subnets than AZs",
        { set: explicitSubnets(["10.10.192.0/20", "10.10.208.0/20", "10.10.224.0/20"], ["10.10.0.0/18", "10.10.64.0/18"]) },
        [
            'platform:network.publicSubnetCidrs: ["10.10.192.0/20","10.10.208.0/20","10.10.224.0/20"] has 3 subnets for 2 AZs. List exactly one subnet per AZ.',
        ],
    ],
    [
        "VPN client CIDR smaller than /22",
        { set: { "platform:vpn": { clientCidr: "10.250.0.0/24" } } },
        [
            'platform:vpn.clientCidr: "10.250.0.0/24" is a /24; Client VPN needs a client block from /12 to /22. Use a block from /12 to /22, such as 10.250.0.0/22.',
        ],
    ],
    [
        "VPN client CIDR larger than /12",
        { set: { "platform:vpn": { clientCidr: "172.0.0.0/11" } } },
        [
            'platform:vpn.clientCidr: "172.0.0.0/11" is a /11; Client VPN needs a client block from /12 to /22. Use a block from /12 to /22, such as 172.0.0.0/12.',
        ],
    ],
    [
        "malformed VPN client CIDR (the example is a VPN-sized block)",
        { set: { "platform:vpn": { clientCidr: "10.250.0/22" } } },
        [
            'platform:vpn.clientCidr: "10.250.0/22" is not a valid IPv4 CIDR. Use a block such as 10.250.0.0/22 (Client VPN needs a client block from /12 to /22).',
        ],
    ],
    [
        "VPN client CIDR inside the VPC",
        { set: { "platform:vpn": { clientCidr: "10.10.4.0/22" } } },
        ['platform:vpn.clientCidr: "10.10.4.0/22" overlaps the VPC 10.10.0.0/16. Use a block outside it, such as 10.250.0.0/22.'],
    ],
    [
        "VPN client CIDR containing the VPC",
        { set: { "platform:vpn": { clientCidr: "10.0.0.0/12" } } },
        ['platform:vpn.clientCidr: "10.0.0.0/12" overlaps the VPC 10.10.0.0/16. Use a block outside it, such as 10.250.0.0/22.'],
    ],
    // Counts.
    [
        "node count not an integer",
        { set: { "platform:cluster": { nodeGroups: [nodeGroup({ minSize: 1.5 })] } } },
        ["platform:cluster.nodeGroups[0].minSize: 1.5 is not a whole number. Use a whole number from 0 to 100."],
    ],
    [
        "node count quoted as a string",
        { set: { "platform:cluster": { nodeGroups: [nodeGroup({ desiredSize: "3" })] } } },
        ['platform:cluster.nodeGroups[0].desiredSize: "3" is not a number. Use a whole number from 0 to 100.'],
    ],
    [
        "node group missing a size",
        { set: { "platform:cluster": { nodeGroups: [nodeGroup({ maxSize: undefined })] } } },
        ["platform:cluster.nodeGroups[0].maxSize is required. Use a whole number from 1 to 100."],
    ],
    [
        "minSize above desiredSize",
        { set: { "platform:cluster": { nodeGroups: [nodeGroup({ minSize: 3, desiredSize: 2, maxSize: 4 })] } } },
        [
            'platform:cluster.nodeGroups[0]: {"minSize":3,"desiredSize":2,"maxSize":4} must satisfy minSize <= desiredSize <= maxSize. Adjust the three sizes.',
        ],
    ],
    [
        "desiredSize above maxSize (second group)",
        { set: { "platform:cluster": { nodeGroups: [nodeGroup({}), nodeGroup({ name: "spot", desiredSize: 5 })] } } },
        [
            'platform:cluster.nodeGroups[1]: {"minSize":2,"desiredSize":5,"maxSize":4} must satisfy minSize <= desiredSize <= maxSize. Adjust the three sizes.',
        ],
    ],
    [
        "azCount of 1",
        { set: { "platform:network": { azCount: 1 } } },
        ["platform:network.azCount: 1 is fewer than 2 AZs. Use 2 or more: EKS, the ALB and Multi-AZ RDS need subnets in at least two AZs."],
    ],
    [
        "one AZ listed (reported under the key that was set)",
        { set: { "platform:network": { availabilityZones: ["us-east-1a"] } } },
        [
            'platform:network.availabilityZones: ["us-east-1a"] is fewer than 2 AZs. Use 2 or more: EKS, the ALB and Multi-AZ RDS need subnets in at least two AZs.',
        ],
    ],
    [
        "empty AZ list (no follow-on noise about brokers, zones or VPN associations)",
        { set: { "platform:network": { availabilityZones: [] } } },
        [
            "platform:network.availabilityZones: [] is fewer than 2 AZs. Use 2 or more: EKS, the ALB and Multi-AZ RDS need subnets in at least two AZs.",
        ],
    ],
    [
        "four AZs listed",
        { set: { "platform:network": { availabilityZones: ["us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d"] } } },
        [
            'platform:network.availabilityZones: ["us-east-1a","us-east-1b","us-east-1c","us-east-1d"] lists more than 3 AZs; MSK takes at most 3 client subnets and OpenSearch at most 3 zones. List 2 or 3.',
        ],
    ],
    [
        "Postgres version that is not a version",
        { set: { "platform:database": { engineVersion: "17.x" } } },
        [
            'platform:database.engineVersion: "17.x" is not a Postgres version. Use a major such as 17 (AWS applies minor upgrades) or a minor such as 17.6.',
        ],
    ],
    [
        "VPN client name ending with a dash",
        { set: { "platform:vpn": { clients: ["alice-"] } } },
        [
            'platform:vpn.clients[0]: "alice-" is not a client name. Use 1-32 lower-case letters, digits and dashes, starting with a letter and not ending with a dash, e.g. alice.',
        ],
    ],
    [
        "VPN client listed twice",
        { set: { "platform:vpn": { clients: ["alice", "bob", "alice"] } } },
        ['platform:vpn.clients[2]: "alice" is listed twice. Remove one.'],
    ],
    [
        "VPN office hours with nonsense in every field",
        { set: { "platform:vpn": { officeHours: { days: "weekdays", start: "8am", end: "25:00", timezone: "CET+1" } } } },
        [
            'platform:vpn.officeHours.days: "weekdays" is not a list of days. Use SUN, MON, TUE, WED, THU, FRI, SAT as a range or a list, such as MON-FRI or MON,WED,FRI.',
            'platform:vpn.officeHours.start: "8am" is not a 24-hour time. Use HH:MM, such as 08:00.',
            'platform:vpn.officeHours.end: "25:00" is not a 24-hour time. Use HH:MM, such as 18:00.',
            'platform:vpn.officeHours.timezone: "CET+1" is not an IANA time zone. Use a zone such as Europe/Berlin, America/New_York or UTC.',
        ],
    ],
    [
        "VPN office hours ending before they start",
        { set: { "platform:vpn": { officeHours: { start: "22:00", end: "06:00" } } } },
        [
            'platform:vpn.officeHours.end: "06:00" is not after start 22:00; the window must end on the day it starts. Use an end after the start, or set vpn.alwaysOn to true for round-the-clock access.',
        ],
    ],
    [
        "office hours checked on a stack whose VPN is always on (Karpenter's budgets use them)",
        { set: { "platform:environment": "staging", "platform:vpn": { officeHours: { timezone: "Europe/Berln" } } } },
        [
            'platform:vpn.officeHours.timezone: "Europe/Berln" is not an IANA time zone. Use a zone such as Europe/Berlin, America/New_York or UTC.',
        ],
    ],
    [
        "Karpenter capacity type misspelt",
        { set: { "platform:karpenter": { capacityTypes: ["spot", "ondemand"] } } },
        ['platform:karpenter.capacityTypes[1]: "ondemand" is not a Karpenter capacity type. Use spot or on-demand.'],
    ],
    [
        "Karpenter with neither categories nor families",
        { set: { "platform:karpenter": { instanceCategories: [] } } },
        [
            "platform:karpenter.instanceCategories: [] is empty and so is karpenter.instanceFamilies. List categories such as [c, m, r], or families such as [m7i].",
        ],
    ],
    [
        "Karpenter CPU limit of zero",
        { set: { "platform:karpenter": { cpuLimit: 0 } } },
        ["platform:karpenter.cpuLimit: 0 is below 1. Use a whole number from 1 to 10000."],
    ],
    [
        "Karpenter duration in days",
        { set: { "platform:karpenter": { consolidateAfter: "1d" } } },
        ['platform:karpenter.consolidateAfter: "1d" is not a Karpenter duration. Use a duration such as 30s, 1m or 1h30m.'],
    ],
    [
        "a staging stack asleep at night",
        { set: { "platform:environment": "staging", "platform:karpenter": { sleepOutOfHours: true } } },
        [
            "platform:karpenter.sleepOutOfHours: true stops every workload outside office hours, which a staging stack must not do. Set it to false, or use a dev-tier stack.",
        ],
    ],
    [
        "VPN office hours with an unknown key",
        { set: { "platform:vpn": { officeHours: { from: "08:00" } } } },
        ["platform:vpn.officeHours.from: unknown key (a typo?). Known keys here: days, start, end, timezone."],
    ],
    [
        "developer namespace listed twice",
        { set: { "platform:access": { developerNamespaces: ["dev", "dev"] } } },
        ['platform:access.developerNamespaces[1]: "dev" is listed twice. Remove one.'],
    ],
    [
        "alarm e-mail listed twice",
        { set: { "platform:alarms": { emails: ["ops@example.com", "ops@example.com"] } } },
        ['platform:alarms.emails[1]: "ops@example.com" is listed twice. Remove one.'],
    ],
    [
        "extra host listed twice",
        { set: { "platform:dns": { extraHosts: ["shop", "shop"] } } },
        ['platform:dns.extraHosts[1]: "shop" is listed twice. Remove one.'],
    ],
    [
        "Kubernetes version without pinned add-ons",
        { set: { "platform:cluster": { version: "1.31" } } },
        [
            'platform:cluster.version: "1.31" has no pinned add-on versions (components/cluster/addons.ts). Use 1.35, or add a row for 1.31 there first.',
        ],
    ],
    [
        "stack name with an underscore",
        { stack: "qa_1" },
        [
            'stack name "qa_1" must be lower-case letters, digits and dashes, starting with a letter and not ending with a dash: it names the environment\'s namespace and its AWS resources. Rename the stack (pulumi stack rename <new-name>) or create it under another name.',
        ],
    ],
    [
        "stack name too long for the OpenSearch domain",
        { stack: "feature-checkout-redesign" },
        [
            'stack name "feature-checkout-redesign" is 25 characters; at most 19 fit in the OpenSearch domain name platform-<stack>. Rename the stack (pulumi stack rename <new-name>) or create it under another name.',
        ],
    ],
    [
        "stack named after a namespace the platform uses",
        { stack: "test" },
        [
            'stack name "test" is the name of a namespace the platform or Kubernetes already uses, and the environment\'s namespace is named after the stack. Rename the stack (pulumi stack rename <new-name>) or create it under another name.',
        ],
    ],
    [
        "AZ of another region",
        { set: { "platform:network": { availabilityZones: ["us-east-1a", "eu-west-1b"] } } },
        ['platform:network.availabilityZones[1]: "eu-west-1b" is not an AZ of us-east-1. Use a zone such as us-east-1a.'],
    ],
    [
        "MSK brokers not a multiple of the AZ count",
        { set: { "platform:kafka": { brokerCount: 3 } } },
        ["platform:kafka.brokerCount: 3 is not a multiple of the AZ count (2); MSK spreads brokers evenly over the AZs. Use 4."],
    ],
    [
        "OpenSearch nodes not a multiple of the zone count",
        { set: { "platform:search": { zoneCount: 2, instanceCount: 3 } } },
        [
            "platform:search.instanceCount: 3 is not a multiple of the zone count (2); OpenSearch needs the same number of nodes in each zone. Use 4.",
        ],
    ],
    [
        "OpenSearch zones beyond the VPC's AZs",
        { set: { "platform:search": { zoneCount: 3, instanceCount: 3 } } },
        ["platform:search.zoneCount: 3 is more than the VPC's 2 AZs. Use at most 2."],
    ],
    // Names.
    [
        "domain with a scheme",
        { set: { "platform:domain": "https://dev.example.com" } },
        ['platform:domain: "https://dev.example.com" must be a bare domain name. Use dev.example.com (no scheme, no path).'],
    ],
    [
        "domain with a trailing dot",
        { set: { "platform:domain": "dev.example.com." } },
        ['platform:domain: "dev.example.com." must not end with a dot. Use "dev.example.com".'],
    ],
    [
        "domain in upper case",
        { set: { "platform:domain": "Dev.Example.com" } },
        ['platform:domain: "Dev.Example.com" must be lower case (Route53 and ACM names are compared in lower case). Use dev.example.com.'],
    ],
    [
        "extra host two levels below the domain",
        { set: { "platform:dns": { extraHosts: ["shop", "api.v2"] } } },
        [
            'platform:dns.extraHosts[1]: "api.v2" is more than one level below the domain; the wildcard certificate *.dev.example.com would not cover api.v2.dev.example.com. Use a single label such as api.',
        ],
    ],
    [
        "Hydra host two levels below the domain",
        { set: { "platform:apps": { hydra: { host: "auth.login" } } } },
        [
            'platform:apps.hydra.host: "auth.login" is more than one level below the domain; the wildcard certificate *.dev.example.com would not cover auth.login.dev.example.com. Use a single label such as auth.',
        ],
    ],
    [
        "Git host other than GitHub without pinned host keys",
        { set: { "platform:gitops": { repoUrl: "ssh://git@git.example.com:2222/acme/config.git" } } },
        [
            'platform:gitops.knownHosts is required. Flux must pin the host key of git.example.com:2222, which is not github.com. Set it with: pulumi config set --path platform:gitops.knownHosts "$(ssh-keyscan -p 2222 git.example.com)" after checking the keys against the host\'s published fingerprints.',
        ],
    ],
    [
        "GitLab subgroup URL is fine once its host keys are pinned",
        { set: { "platform:gitops": { repoUrl: "ssh://git@gitlab.example.com/group/sub/config.git" } } },
        [
            'platform:gitops.knownHosts is required. Flux must pin the host key of gitlab.example.com, which is not github.com. Set it with: pulumi config set --path platform:gitops.knownHosts "$(ssh-keyscan gitlab.example.com)" after checking the keys against the host\'s published fingerprints.',
        ],
    ],
    [
        "scp-style Git URL",
        { set: { "platform:gitops": { repoUrl: "git@github.com:acme/platform-config.git" } } },
        [
            'platform:gitops.repoUrl: "git@github.com:acme/platform-config.git" is an scp-style Git URL, which Flux cannot use. Use ssh://git@github.com/acme/platform-config.git.',
        ],
    ],
    [
        "admin given as an assumed-role session",
        { set: { "platform:access": { adminRoleArns: ["arn:aws:sts::111122223333:assumed-role/Admin/alice"] } } },
        [
            'platform:access.adminRoleArns[0]: "arn:aws:sts::111122223333:assumed-role/Admin/alice" is an assumed-role session, not a role. Use arn:aws:iam::111122223333:role/Admin.',
        ],
    ],
    [
        "developer role that is not an ARN",
        { set: { "platform:access": { developerRoleArns: ["Developers"] } } },
        ['platform:access.developerRoleArns[0]: "Developers" is not an IAM role ARN. Use arn:aws:iam::<account>:role/<name>.'],
    ],
    [
        "role both admin and developer",
        {
            set: {
                "platform:access": {
                    adminRoleArns: ["arn:aws:iam::111122223333:role/Ops"],
                    developerRoleArns: ["arn:aws:iam::111122223333:role/Ops"],
                },
            },
        },
        [
            'platform:access.developerRoleArns: "arn:aws:iam::111122223333:role/Ops" is also in platform:access.adminRoleArns; a principal has one access entry. Keep it in one list.',
        ],
    ],
    [
        "zone ID that is not one",
        { set: { "platform:network": { availabilityZoneIds: ["us-east-1a", "use1-az2"] } } },
        [
            "platform:network.availabilityZoneIds[0]: \"us-east-1a\" is not an Availability Zone ID. Use an ID such as use1-az1 (aws ec2 describe-availability-zones --query 'AvailabilityZones[].[ZoneName,ZoneId]').",
        ],
    ],
    [
        "zone ID of another region",
        { set: { "platform:network": { availabilityZoneIds: ["use1-az1", "euw1-az2"] } } },
        [
            'platform:network.availabilityZoneIds[1]: "euw1-az2" is not a zone of us-east-1 (its zone IDs start with use1-). Use an ID such as use1-az1.',
        ],
    ],
    [
        "zone ID that EKS and MSK refuse",
        { set: { "platform:network": { availabilityZoneIds: ["use1-az1", "use1-az3"] } } },
        [
            'platform:network.availabilityZoneIds[1]: "use1-az3" is refused by EKS and MSK for the subnets the platform puts there. Use another zone ID of us-east-1.',
        ],
    ],
    [
        "zone ID listed twice",
        { set: { "platform:network": { availabilityZoneIds: ["use1-az1", "use1-az1"] } } },
        ['platform:network.availabilityZoneIds[1]: "use1-az1" is listed twice. List each zone once.'],
    ],
    [
        "zone IDs that disagree with azCount",
        { set: { "platform:network": { azCount: 3, availabilityZoneIds: ["use1-az1", "use1-az2"] } } },
        [
            'platform:network.availabilityZoneIds: ["use1-az1","use1-az2"] lists 2 AZs but platform:network.azCount is 3. Make them agree, or drop azCount.',
        ],
    ],
    [
        "one zone ID",
        { set: { "platform:network": { availabilityZoneIds: ["use1-az1"] } } },
        [
            'platform:network.availabilityZoneIds: ["use1-az1"] is fewer than 2 AZs. Use 2 or more: EKS, the ALB and Multi-AZ RDS need subnets in at least two AZs.',
        ],
    ],
    [
        "zones pinned by name and by ID",
        { set: { "platform:network": { availabilityZones: ["us-east-1a", "us-east-1b"], availabilityZoneIds: ["use1-az1", "use1-az2"] } } },
        [
            'platform:network.availabilityZoneIds: ["use1-az1","use1-az2"] and platform:network.availabilityZones both pin the zones. Keep one: the IDs, unless the stack\'s subnets were created from the names.',
        ],
    ],
    [
        "MSK broker type that MSK does not offer",
        { set: { "platform:kafka": { instanceType: "kafka.t3.medium" } } },
        [
            'platform:kafka.instanceType: "kafka.t3.medium" is not an MSK Standard broker type. Use one of kafka.t3.small, kafka.m5.large, kafka.m5.xlarge, kafka.m5.2xlarge, kafka.m5.4xlarge, ' +
                "kafka.m5.8xlarge, kafka.m5.12xlarge, kafka.m5.16xlarge, kafka.m5.24xlarge, kafka.m7g.large, kafka.m7g.xlarge, kafka.m7g.2xlarge, kafka.m7g.4xlarge, kafka.m7g.8xlarge, " +
                "kafka.m7g.12xlarge, kafka.m7g.16xlarge (dev's fallback when kafka.t3.small is refused: kafka.m7g.large).",
        ],
    ],
    [
        "CI deploy role that is not an ARN",
        { set: { "platform:access": { ciDeployRoleArns: ["github-deploy"] } } },
        ['platform:access.ciDeployRoleArns[0]: "github-deploy" is not an IAM role ARN. Use arn:aws:iam::<account>:role/<name>.'],
    ],
    [
        "CI preview role given as an assumed-role session",
        { set: { "platform:access": { ciPreviewRoleArns: ["arn:aws:sts::111122223333:assumed-role/GitHubPreview/GitHubActions"] } } },
        [
            'platform:access.ciPreviewRoleArns[0]: "arn:aws:sts::111122223333:assumed-role/GitHubPreview/GitHubActions" is an assumed-role session, not a role. Use arn:aws:iam::111122223333:role/GitHubPreview.',
        ],
    ],
    [
        "CI preview role listed twice",
        {
            set: {
                "platform:access": {
                    ciPreviewRoleArns: ["arn:aws:iam::111122223333:role/GitHubPreview", "arn:aws:iam::111122223333:role/GitHubPreview"],
                },
            },
        },
        ['platform:access.ciPreviewRoleArns: "arn:aws:iam::111122223333:role/GitHubPreview" is listed twice. Remove one.'],
    ],
    [
        "one CI role for both deploy and preview",
        {
            set: {
                "platform:access": {
                    ciDeployRoleArns: ["arn:aws:iam::111122223333:role/GitHub"],
                    ciPreviewRoleArns: ["arn:aws:iam::111122223333:role/GitHub"],
                },
            },
        },
        [
            'platform:access.ciPreviewRoleArns: "arn:aws:iam::111122223333:role/GitHub" is also in platform:access.ciDeployRoleArns; a principal has one access entry. Keep it in one list.',
        ],
    ],
    [
        "CI deploy role that is also an admin",
        {
            set: {
                "platform:access": {
                    adminRoleArns: ["arn:aws:iam::111122223333:role/GitHubDeploy"],
                    ciDeployRoleArns: ["arn:aws:iam::111122223333:role/GitHubDeploy"],
                },
            },
        },
        [
            'platform:access.ciDeployRoleArns: "arn:aws:iam::111122223333:role/GitHubDeploy" is also in platform:access.adminRoleArns; a principal has one access entry. Keep it in one list.',
        ],
    ],
    [
        "prod without the deployers' CIDRs",
        { set: { "platform:environment": "prod" } },
        [
            "platform:cluster.publicAccessCidrs: [] is empty, but prod needs the deployers' CIDRs: with a private endpoint neither the first `pulumi up` (the VPN comes from the same stack) " +
                "nor CI can reach the Kubernetes API. List the egress CIDRs of the CI runners and the operators: pulumi config set --path 'platform:cluster.publicAccessCidrs[0]' 203.0.113.0/24",
        ],
    ],
    [
        "prod with an empty CIDR list",
        { set: { "platform:environment": "prod", "platform:cluster": { publicAccessCidrs: [] } } },
        [
            "platform:cluster.publicAccessCidrs: [] is empty, but prod needs the deployers' CIDRs: with a private endpoint neither the first `pulumi up` (the VPN comes from the same stack) " +
                "nor CI can reach the Kubernetes API. List the egress CIDRs of the CI runners and the operators: pulumi config set --path 'platform:cluster.publicAccessCidrs[0]' 203.0.113.0/24",
        ],
    ],
    [
        "prod's API open to the internet",
        { set: { "platform:environment": "prod", "platform:cluster": { publicAccessCidrs: ["198.51.100.0/24", "0.0.0.0/0"] } } },
        [
            "platform:cluster.publicAccessCidrs[1]: \"0.0.0.0/0\" opens prod's Kubernetes API to the whole internet. List only the deployers' egress CIDRs (CI runners, office), such as 203.0.113.0/24.",
        ],
    ],
    [
        "pull secret for a namespace the platform does not create",
        {
            set: {
                "platform:dockerHub": {
                    username: "acme",
                    namespaces: ["default", "storefront", "kube-ingress", "monitoring", "observability", "dev", "test"],
                },
            },
        },
        [
            'platform:dockerHub.namespaces[1]: "storefront" is not a namespace the platform creates. Use one of default, dev, logging, monitoring, observability, flux-system, kube-ingress, test.',
        ],
    ],
    [
        "an extra host on Grafana's name",
        { set: { "platform:observability": { grafanaExposed: true }, "platform:dns": { extraHosts: ["shop", "grafana"] } } },
        [
            'platform:dns.extraHosts[1]: "grafana" is already the host of platform:observability.grafanaExposed, which declares its record itself. Remove it from the list.',
        ],
    ],
    [
        "a deploy key for another repository than Flux syncs",
        {
            set: {
                "platform:gitops": {
                    repoUrl: "ssh://git@github.com/example-org/platform-config.git",
                    githubRepository: "example-org/other",
                },
            },
        },
        [
            'platform:gitops.githubRepository: "example-org/other" is not the repository Flux syncs (platform:gitops.repoUrl is ssh://git@github.com/example-org/platform-config.git): the deploy key would be registered where Flux never reads. Use example-org/platform-config, or remove it.',
        ],
    ],
    [
        "pull secret missing where the platform pulls from Docker Hub",
        { set: { "platform:dockerHub": { username: "acme", namespaces: ["default", "dev"] } } },
        [
            'platform:dockerHub.namespaces: ["default","dev"] leaves out kube-ingress, monitoring, observability, test, where the platform runs images from Docker Hub, which would then pull anonymously and hit Docker Hub\'s rate limit. Add them.',
        ],
    ],
    [
        "developer access to the toolbox namespace with the toolbox off",
        { set: { "platform:apps": { toolbox: { enabled: false } }, "platform:access": { developerNamespaces: ["dev", "test"] } } },
        [
            'platform:access.developerNamespaces[1]: "test" is not a namespace the platform creates. Use one of default, dev, logging, monitoring, observability, flux-system, kube-ingress.',
        ],
    ],
    [
        "retired Hydra secrets that are not a JSON list",
        { set: { "platform:hydraRetiredSystemSecrets": "old-secret-0123456789" } },
        [
            "platform:hydraRetiredSystemSecrets: (secret, 21 characters) is not a JSON list of former system secrets of 16 or more characters each. Set it with: pulumi config set --secret platform:hydraRetiredSystemSecrets '[\"<old secret>\"]'",
        ],
    ],
    [
        "a typo does not hide the layer's other problems",
        { set: { "platform:network": { cidr: "10.10.0.1/16", azCoutn: 2 } } },
        [
            "platform:network.azCoutn: unknown key (a typo?). Known keys here: cidr, azCount, availabilityZones, availabilityZoneIds, natGateways, publicSubnetCidrs, privateSubnetCidrs, flowLogRetentionDays.",
            'platform:network.cidr: "10.10.0.1/16" has host bits set, so AWS rejects it. Use 10.10.0.0/16.',
        ],
    ],
    [
        "https Git URL",
        { set: { "platform:gitops": { repoUrl: "https://github.com/acme/platform-config.git" } } },
        [
            'platform:gitops.repoUrl: "https://github.com/acme/platform-config.git" is not an SSH Git URL. Use ssh://git@github.com/<org>/<repo>.git (Flux authenticates with the generated deploy key).',
        ],
    ],
    // Secrets.
    [
        "missing required secret",
        { set: { "platform:mongoOplogUrl": undefined } },
        ["platform:mongoOplogUrl is required. Set it with: pulumi config set --secret platform:mongoOplogUrl <value>"],
    ],
    [
        "secret set in plain text",
        { plain: ["platform:dockerHubToken"] },
        [
            "platform:dockerHubToken is set in plain text in Pulumi.dev.yaml. Remove it there (pulumi config rm platform:dockerHubToken) and set it with: pulumi config set --secret platform:dockerHubToken <value>",
        ],
    ],
    [
        "optional secret set in plain text",
        { set: { "platform:githubToken": "ghp_0123456789" }, plain: ["platform:githubToken"] },
        [
            "platform:githubToken is set in plain text in Pulumi.dev.yaml. Remove it there (pulumi config rm platform:githubToken) and set it with: pulumi config set --secret platform:githubToken <value>",
        ],
    ],
    [
        "empty secret",
        { set: { "platform:dockerHubToken": "  " } },
        [
            "platform:dockerHubToken: (secret, 2 characters) is empty. Set it with: pulumi config set --secret platform:dockerHubToken <value>",
        ],
    ],
    [
        "Hydra secret shorter than 16 characters",
        { set: { "platform:hydraCookieSecret": "c00kie-s3cret" } },
        [
            "platform:hydraCookieSecret: (secret, 13 characters) is shorter than 16 characters, which Hydra rejects. Use at least 32 random characters: " +
                'pulumi config set --secret platform:hydraCookieSecret "$(openssl rand -hex 32)", or remove it to let the program generate one.',
        ],
    ],
    [
        "mongo URL that is not one",
        { set: { "platform:mongoUrl": "postgres://shop:pw@db.invalid/storefront" } },
        [
            "platform:mongoUrl: (secret, 40 characters) is not a MongoDB URL. Use mongodb+srv://<user>:<password>@<cluster>/<db> or mongodb://<user>:<password>@<host>:27017/<db>.",
        ],
    ],
    // Tier, keys, required layers.
    [
        "unknown tier",
        { set: { "platform:environment": "production" } },
        ['platform:environment: "production" is not a tier. Use one of dev, staging, prod.'],
    ],
    [
        "missing environment",
        { set: { "platform:environment": undefined } },
        ["platform:environment is required. Set it with: pulumi config set platform:environment dev (one of dev, staging, prod)."],
    ],
    [
        "unknown key in structured config",
        { set: { "platform:network": { cidrr: "10.10.0.0/16" } } },
        [`platform:network.cidrr: unknown key (a typo?). Known keys here: ${KNOWN_NETWORK_KEYS}.`],
    ],
    [
        "two unknown keys in one object: two problems",
        { set: { "platform:network": { cidrr: "10.10.0.0/16", azcount: 2 } } },
        [
            `platform:network.cidrr: unknown key (a typo?). Known keys here: ${KNOWN_NETWORK_KEYS}.`,
            `platform:network.azcount: unknown key (a typo?). Known keys here: ${KNOWN_NETWORK_KEYS}.`,
        ],
    ],
    [
        "unknown key inside a list item",
        { set: { "platform:cluster": { nodeGroups: [nodeGroup({ minsize: 2 })] } } },
        [
            "platform:cluster.nodeGroups[0].minsize: unknown key (a typo?). Known keys here: name, instanceTypes, capacityType, minSize, desiredSize, maxSize, diskSizeGb.",
        ],
    ],
    [
        "unknown top-level platform key",
        { set: { "platform:netwrok": { cidr: "10.10.0.0/16" } } },
        [`platform:netwrok: unknown key (a typo?). Known platform keys: ${KNOWN_PLATFORM_KEYS}.`],
    ],
    [
        "structured key given as a scalar",
        { set: { "platform:network": "10.10.0.0/16" } },
        [
            'platform:network: "10.10.0.0/16" is not a map. Set it in Pulumi.<stack>.yaml under platform:network, or with: pulumi config set --path platform:network.<field> <value>',
        ],
    ],
    [
        "missing gitops and dockerHub",
        { set: { "platform:gitops": undefined, "platform:dockerHub": undefined } },
        [
            "platform:gitops is required. Set it with: pulumi config set --path platform:gitops.repoUrl ssh://git@github.com/<org>/<config-repo>.git",
            "platform:dockerHub is required. Set it with: pulumi config set --path platform:dockerHub.username <dockerhub-user>",
        ],
    ],
    [
        "gitops without repoUrl",
        { set: { "platform:gitops": { branch: "main" } } },
        ["platform:gitops.repoUrl is required. Use ssh://git@github.com/org/repo.git."],
    ],
    [
        "missing aws:region",
        { set: { "aws:region": undefined } },
        ["aws:region is required. Set it with: pulumi config set aws:region us-east-1 (the region of the environment)."],
    ],
    [
        "aws:region that is not a region",
        { set: { "aws:region": "US East" } },
        ['aws:region: "US East" is not an AWS region. Use a region such as us-east-1.'],
    ],
    [
        "protect that is not a boolean",
        { set: { "platform:protect": "yes" } },
        ['platform:protect: "yes" is not a boolean. Use true or false.'],
    ],
    [
        "containerInsights not a boolean",
        { set: { "platform:cluster": { containerInsights: "yes" } } },
        ['platform:cluster.containerInsights: "yes" is not a boolean. Use true or false (unquoted in YAML).'],
    ],
];
