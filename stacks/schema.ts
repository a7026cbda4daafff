import { z } from "zod";
import { MSK_BROKER_TYPES, MSK_KAFKA_VERSIONS } from "./aws/data-stores";

/**
 * The shape of the stack's structured config (`platform:<layer>` objects). Every object is strict: an unknown key is
 * almost always a typo, and a typo that silently falls back to a default is the worst kind of config bug.
 * Messages start with "is"/"must" because the loader prefixes them with the key and the offending value.
 */

export const wholeNumber = (min: number, max: number) => {
    const hint = `Use a whole number from ${min} to ${max}.`;
    return z
        .number({ error: `is not a number. ${hint}` })
        .int({ error: `is not a whole number. ${hint}` })
        .min(min, { error: `is below ${min}. ${hint}` })
        .max(max, { error: `is above ${max}. ${hint}` });
};
const text = (hint: string) => z.string({ error: `is not a string. ${hint}` }).min(1, { error: `is empty. ${hint}` });
const flag = z.boolean({ error: "is not a boolean. Use true or false (unquoted in YAML)." });
const list = <T extends z.ZodTypeAny>(item: T, hint: string) => z.array(item, { error: `is not a list. ${hint}` });

export { MSK_BROKER_TYPES, MSK_KAFKA_VERSIONS } from "./aws/data-stores";

export const nodeGroupSchema = z.strictObject({
    name: text("Name the group with lower-case letters, digits and dashes, e.g. general.").regex(/^[a-z][a-z0-9-]{0,20}$/, {
        error: "is not a valid node group name. Use 1-21 lower-case letters, digits and dashes, starting with a letter.",
    }),
    instanceTypes: list(text("Use an EC2 instance type such as m6i.large."), "Use a list such as [m6i.large].").min(1, {
        error: "is empty. List at least one instance type, e.g. [m6i.large].",
    }),
    capacityType: z.enum(["SPOT", "ON_DEMAND"], { error: "is not a capacity type. Use SPOT or ON_DEMAND." }),
    minSize: wholeNumber(0, 100),
    desiredSize: wholeNumber(0, 100),
    maxSize: wholeNumber(1, 100),
    diskSizeGb: wholeNumber(20, 1000),
});

const cidrList = (example: string) => list(text(`Use a CIDR such as ${example}.`), `Use a list such as [${example}].`);

export const layerSchemas = {
    network: z.strictObject({
        cidr: text("Use a block such as 10.20.0.0/16."),
        azCount: wholeNumber(1, 3),
        availabilityZones: list(text("Use an AZ name such as us-east-1a."), "Use a list such as [us-east-1a, us-east-1b].")
            .max(3, { error: "lists more than 3 AZs; MSK takes at most 3 client subnets and OpenSearch at most 3 zones. List 2 or 3." }),
        availabilityZoneIds: list(text("Use an AZ ID such as use1-az1."), "Use a list such as [use1-az1, use1-az2].")
            .max(3, { error: "lists more than 3 AZs; MSK takes at most 3 client subnets and OpenSearch at most 3 zones. List 2 or 3." }),
        natGateways: z.enum(["single", "perAz"], { error: "is not a NAT layout. Use single (one NAT, cheap) or perAz (one per AZ, highly available)." }),
        publicSubnetCidrs: cidrList("10.20.192.0/20"),
        privateSubnetCidrs: cidrList("10.20.0.0/18"),
        flowLogRetentionDays: wholeNumber(1, 3653),
    }).partial(),
    cluster: z.strictObject({
        version: text("Use a Kubernetes minor version such as 1.35.").regex(/^1\.\d{2}$/, { error: "is not a Kubernetes minor version. Use a version such as 1.35." }),
        publicAccessCidrs: cidrList("203.0.113.0/24"),
        logRetentionDays: wholeNumber(1, 3653),
        containerInsights: flag,
        nodeGroups: list(nodeGroupSchema, "Use a list of node groups.").min(1, { error: "is empty. Declare at least one node group." }),
    }).partial(),
    karpenter: z.strictObject({
        capacityTypes: list(z.enum(["spot", "on-demand"], { error: "is not a Karpenter capacity type. Use spot or on-demand." }), "Use a list such as [spot, on-demand].")
            .min(1, { error: "is empty. List spot, on-demand or both." }),
        architectures: list(z.enum(["amd64", "arm64"], { error: "is not an architecture. Use amd64 or arm64." }), "Use a list such as [amd64].")
            .min(1, { error: "is empty. List amd64, arm64 or both." }),
        instanceCategories: list(text("Use an instance category such as m.").regex(/^[a-z]$/, { error: "is not an instance category. Use one letter such as c, m, r or t." }), "Use a list such as [c, m, r]."),
        instanceFamilies: list(text("Use an instance family such as m7i.").regex(/^[a-z][a-z0-9-]*\d[a-z0-9-]*$/, { error: "is not an instance family. Use a family such as m7i or c6g." }), "Use a list such as [m7i, m6i]."),
        cpuLimit: wholeNumber(1, 10000),
        memoryLimitGi: wholeNumber(1, 100000),
        consolidationPolicy: z.enum(["WhenEmpty", "WhenEmptyOrUnderutilized"], { error: "is not a consolidation policy. Use WhenEmptyOrUnderutilized (replace underused nodes) or WhenEmpty (only remove empty ones)." }),
        consolidateAfter: text("Use a duration such as 1m.").regex(/^(\d+(s|m|h))+$/, { error: "is not a Karpenter duration. Use a duration such as 30s, 1m or 1h30m." }),
        businessHoursDisruptedNodes: wholeNumber(1, 100),
        sleepOutOfHours: flag,
    }).partial(),
    access: z.strictObject({
        adminRoleArns: list(text("Use an IAM role ARN."), "Use a list of IAM role ARNs."),
        developerRoleArns: list(text("Use an IAM role ARN."), "Use a list of IAM role ARNs."),
        ciDeployRoleArns: list(text("Use an IAM role ARN."), "Use a list of IAM role ARNs."),
        ciPreviewRoleArns: list(text("Use an IAM role ARN."), "Use a list of IAM role ARNs."),
        developerNamespaces: list(text("Use a namespace name."), "Use a list such as [default, dev, monitoring]."),
    }).partial(),
    database: z.strictObject({
        engineVersion: text("Use a Postgres version such as 17.6."),
        instanceClass: text("Use an RDS class such as db.t4g.medium.").regex(/^db\.[a-z0-9]+\.[a-z0-9]+$/, { error: "is not an RDS instance class. Use a class such as db.t4g.medium." }),
        allocatedStorageGb: wholeNumber(20, 65536),
        maxAllocatedStorageGb: wholeNumber(20, 65536),
        multiAz: flag,
        backupRetentionDays: wholeNumber(1, 35),
        deletionProtection: flag,
    }).partial(),
    kafka: z.strictObject({
        kafkaVersion: z.enum(MSK_KAFKA_VERSIONS, { error: `is not a Kafka version MSK offers. Use one of ${MSK_KAFKA_VERSIONS.join(", ")} (3.9.x.kraft: no ZooKeeper to pay for).` }),
        brokerCount: wholeNumber(1, 30),
        instanceType: z.enum(MSK_BROKER_TYPES, { error: `is not an MSK Standard broker type. Use one of ${MSK_BROKER_TYPES.join(", ")} (dev's fallback when kafka.t3.small is refused: kafka.m7g.large).` }),
        volumeSizeGb: wholeNumber(1, 16384),
    }).partial(),
    search: z.strictObject({
        engineVersion: text("Use an engine such as OpenSearch_2.19.").regex(/^OpenSearch_\d+\.\d+$/, { error: "is not an OpenSearch engine version. Use a version such as OpenSearch_2.19." }),
        instanceType: text("Use an instance type such as m6g.large.search.").regex(/\.search$/, { error: "is not an OpenSearch instance type. Use a type ending in .search, such as m6g.large.search." }),
        instanceCount: wholeNumber(1, 80),
        zoneCount: wholeNumber(1, 3),
        volumeSizeGb: wholeNumber(10, 16384),
    }).partial(),
    vpn: z.strictObject({
        enabled: flag,
        clientCidr: text("Use a block such as 10.100.0.0/22."),
        subnetAssociations: wholeNumber(0, 3),
        alwaysOn: flag,
        officeHours: z.strictObject({
            days: text("Use days such as MON-FRI."),
            start: text("Use a 24-hour time such as 08:00."),
            end: text("Use a 24-hour time such as 18:00."),
            timezone: text("Use an IANA time zone such as Europe/Berlin."),
        }).partial(),
        clients: list(text("Use a person's short name such as alice."), "Use a list such as [alice, bob].")
            .min(1, { error: "is empty. Give at least one client name, such as [shared]." }),
        samlProviderArn: text("Use an IAM SAML provider ARN."),
    }).partial(),
    alarms: z.strictObject({
        emails: list(text("Use an address such as oncall@example.com."), "Use a list such as [oncall@example.com]."),
    }).partial(),
    ingress: z.strictObject({
        httpNodePort: wholeNumber(30000, 32767),
        httpsNodePort: wholeNumber(30000, 32767),
        replicas: wholeNumber(1, 20),
        allowedCidrs: cidrList("0.0.0.0/0"),
        accessLogRetentionDays: wholeNumber(1, 3653),
    }).partial(),
    dns: z.strictObject({
        parentZoneId: text("Use a Route53 zone id such as Z0123456789ABCDEFGHIJ.").regex(/^Z[A-Z0-9]{4,32}$/, { error: "is not a Route53 hosted zone id. Use an id such as Z0123456789ABCDEFGHIJ (without /hostedzone/)." }),
        extraHosts: list(text("Use a host label such as api."), "Use a list such as [api, shop]."),
    }).partial(),
    gitops: z.strictObject({
        repoUrl: text("Use ssh://git@github.com/org/repo.git."),
        branch: text("Use a branch name such as main."),
        path: text("Use a path such as clusters/dev."),
        knownHosts: text("Use the host's known_hosts lines (ssh-keyscan output, checked against the host's published keys)."),
        imageAutomationWriteBack: flag,
        githubRepository: text("Use owner/name.").regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, { error: "is not a GitHub repository. Use owner/name, e.g. acme/platform-config." }),
    }).partial({ branch: true, path: true, knownHosts: true, imageAutomationWriteBack: true, githubRepository: true }),
    dockerHub: z.strictObject({
        username: text("Use the DockerHub account that owns the private images."),
        namespaces: list(text("Use a namespace name."), "Use a list such as [default, monitoring, logging, flux-system, dev]."),
    }).partial({ namespaces: true }),
    observability: z.strictObject({
        prometheusRetention: text("Use a Prometheus duration such as 15d.").regex(/^\d+[hdwy]$/, { error: "is not a Prometheus retention. Use a duration such as 15d, 12h or 2w." }),
        prometheusStorageGb: wholeNumber(5, 16384),
        grafanaExposed: flag,
        jaegerExposed: flag,
    }).partial(),
    apps: z.strictObject({
        hydra: z.strictObject({
            host: text("Use a host label such as auth."),
            loginUrl: text("Use an https URL such as https://login.dev.example.com/login."),
            consentUrl: text("Use an https URL such as https://login.dev.example.com/consent."),
            replicas: wholeNumber(1, 20),
        }).partial(),
        toolbox: z.strictObject({ enabled: flag }).partial(),
    }).partial(),
    tags: z.record(z.string(), z.string({ error: "is not a string. Tag values are strings." }), { error: "is not a map. Use key: value pairs." }),
} as const;

export type LayerKey = keyof typeof layerSchemas;
export type RawLayers = { [K in LayerKey]?: z.infer<(typeof layerSchemas)[K]> };

/** Plain (non-secret, non-structured) keys. */
export const SCALAR_KEYS = ["environment", "domain", "protect"] as const;

/** Secret keys: read with requireSecret; set in plain text they are rejected. */
export const REQUIRED_SECRETS = ["dockerHubToken", "mongoUrl", "mongoOplogUrl"] as const;
export const OPTIONAL_SECRETS = ["hydraSystemSecret", "hydraCookieSecret", "hydraPairwiseSalt", "hydraRetiredSystemSecrets", "githubToken"] as const;
export type SecretKey = (typeof REQUIRED_SECRETS)[number] | (typeof OPTIONAL_SECRETS)[number];

/** Keys a new stack must set; everything else has a default. */
export const REQUIRED_LAYERS: readonly LayerKey[] = ["gitops", "dockerHub"];

/** The sub-schema at a path, used to list the known keys when a typo is reported. */
export function schemaAt(schema: z.ZodTypeAny, path: readonly PropertyKey[]): z.ZodTypeAny | undefined {
    let current: any = schema;
    for (const segment of path) {
        current = unwrap(current);
        if (current?.shape && typeof segment === "string") current = current.shape[segment];
        else if (current?.element && typeof segment === "number") current = current.element;
        else return undefined;
    }
    return unwrap(current);
}

function unwrap(s: any): any {
    while (s?._zod?.def?.innerType) s = s._zod.def.innerType;
    return s;
}
