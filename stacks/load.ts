import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { overlaps } from "./cidr";
import { ConfigError, missing, problem, show } from "./messages";
import { checkCidr, checkSubnets, planSubnets } from "./network";
import {
    LayerKey, OPTIONAL_SECRETS, RawLayers, REQUIRED_LAYERS, REQUIRED_SECRETS, SCALAR_KEYS, SecretKey, layerSchemas, schemaAt,
} from "./schema";
import { accessProblems, checkDomain, checkHostLabel, checkNamespaceList, checkRepoUrl, checkSecretValue } from "./rules";
import { TIER_DEFAULTS } from "./tiers";
import { PlatformConfig, PlatformSecrets, TIERS, Tier } from "./types";

export const NS = "platform";

/** Namespaces the platform always creates besides the environment's own (components/tenancy creates them). */
export const PLATFORM_NAMESPACE_NAMES = ["logging", "monitoring", "observability", "flux-system", "kube-ingress"];
export const TOOLBOX_NAMESPACE = "test";

/** Where config comes from: Pulumi's config in a real run, the same API under mocks in tests and synth. */
export interface ConfigSource {
    project: string;
    stack: string;
    /** All config values by full key ("platform:network", "aws:region"), as Pulumi holds them (strings). */
    values: Record<string, string>;
    isSecret(fullKey: string): boolean;
    /** The secret as an Output (requireSecret in a real run). */
    secret(key: SecretKey): pulumi.Output<string>;
}

const HOW_TO_SET_LAYER = (layer: string, example: string) =>
    `Set it in Pulumi.<stack>.yaml under ${NS}:${layer}, or with: pulumi config set --path ${NS}:${layer}.${example}`;

/**
 * Reads, validates and fills the stack's config. Every problem is collected and thrown together as a ConfigError
 * before anything is declared.
 */
export function loadStackConfig(source: ConfigSource): PlatformConfig {
    const problems: string[] = [];
    const values = source.values;
    const get = (key: string) => values[`${NS}:${key}`];

    checkUnknownTopLevelKeys(values, problems);

    const environment = get("environment");
    let tier: Tier = "dev";
    if (environment === undefined) {
        problems.push(missing(`${NS}:environment`, `Set it with: pulumi config set ${NS}:environment dev (one of ${TIERS.join(", ")}).`));
    } else if (!(TIERS as readonly string[]).includes(environment)) {
        problems.push(problem(`${NS}:environment`, environment, `is not a tier. Use one of ${TIERS.join(", ")}.`));
    } else {
        tier = environment as Tier;
    }
    const defaults = TIER_DEFAULTS[tier];

    const region = values["aws:region"];
    if (region === undefined) problems.push(missing("aws:region", "Set it with: pulumi config set aws:region us-east-1 (the region of the environment)."));
    else if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(region)) problems.push(problem("aws:region", region, "is not an AWS region. Use a region such as us-east-1."));

    const domain = get("domain");
    if (domain === undefined) problems.push(missing(`${NS}:domain`, `Set it with: pulumi config set ${NS}:domain dev.example.com (the environment's DNS domain).`));
    else checkDomain(`${NS}:domain`, domain, problems);

    let protect = defaults.protect;
    const protectText = get("protect");
    if (protectText !== undefined) {
        if (protectText === "true" || protectText === "false") protect = protectText === "true";
        else problems.push(problem(`${NS}:protect`, protectText, "is not a boolean. Use true or false."));
    }

    const raw = parseLayers(values, problems);
    const secrets = readSecrets(source, problems);

    const stack = source.stack;
    const appNamespace = stack.toLowerCase().replace(/[^a-z0-9-]/g, "-").replace(/^-+|-+$/g, "").slice(0, 63) || "app";
    const domainOrExample = domain ?? "example.com";

    // Network.
    const n = raw.network ?? {};
    const availabilityZones = n.availabilityZones;
    const azCount = n.azCount ?? availabilityZones?.length ?? defaults.network.azCount;
    // Report under the key the user set: azCount, or availabilityZones when the count comes from the list.
    const azKey = n.azCount === undefined && availabilityZones ? `${NS}:network.availabilityZones` : `${NS}:network.azCount`;
    if (azCount < 2) {
        problems.push(problem(azKey, n.azCount === undefined && availabilityZones ? availabilityZones : azCount, "is fewer than 2 AZs. Use 2 or more: EKS, the ALB and Multi-AZ RDS need subnets in at least two AZs."));
    }
    if (availabilityZones) {
        if (n.azCount !== undefined && availabilityZones.length !== n.azCount) {
            problems.push(problem(`${NS}:network.availabilityZones`, availabilityZones, `lists ${availabilityZones.length} AZs but ${NS}:network.azCount is ${n.azCount}. Make them agree, or drop azCount.`));
        }
        availabilityZones.forEach((az, i) => {
            if (region && !az.startsWith(region)) problems.push(problem(`${NS}:network.availabilityZones[${i}]`, az, `is not an AZ of ${region}. Use a zone such as ${region}a.`));
        });
    }
    const vpcCidrText = n.cidr ?? defaults.network.cidr;
    const vpc = checkCidr(`${NS}:network.cidr`, vpcCidrText, problems, { min: 16, max: 28, why: "VPC size must be /16 to /28" });
    let publicSubnetCidrs = n.publicSubnetCidrs ?? [];
    let privateSubnetCidrs = n.privateSubnetCidrs ?? [];
    if (vpc) {
        if (n.publicSubnetCidrs || n.privateSubnetCidrs) {
            checkSubnets(vpc, azCount, [
                { key: `${NS}:network.publicSubnetCidrs`, cidrs: publicSubnetCidrs },
                { key: `${NS}:network.privateSubnetCidrs`, cidrs: privateSubnetCidrs },
            ], problems);
        } else if (vpc.prefix > 24) {
            problems.push(problem(`${NS}:network.cidr`, vpcCidrText, "is too small to carve subnets from automatically. Use a /24 or larger, or list publicSubnetCidrs and privateSubnetCidrs."));
        } else if (azCount > 3) {
            // Only a 4+ entry availabilityZones list gets here (azCount is capped at 3); without this the stack loaded with no subnets.
            problems.push(problem(azKey, availabilityZones, `lists ${azCount} AZs; the default subnet plan covers at most 3. Use at most 3 AZs, or list publicSubnetCidrs and privateSubnetCidrs (one per AZ).`));
        } else if (azCount >= 2) {
            ({ publicSubnets: publicSubnetCidrs, privateSubnets: privateSubnetCidrs } = planSubnets(vpc, azCount));
        }
    }

    // Cluster.
    const c = raw.cluster ?? {};
    const nodeGroups = c.nodeGroups ?? [{ name: "general", ...defaults.cluster.nodeGroup }];
    nodeGroups.forEach((g, i) => {
        if (!(g.minSize <= g.desiredSize && g.desiredSize <= g.maxSize)) {
            problems.push(problem(`${NS}:cluster.nodeGroups[${i}]`, { minSize: g.minSize, desiredSize: g.desiredSize, maxSize: g.maxSize },
                "must satisfy minSize <= desiredSize <= maxSize. Adjust the three sizes."));
        }
    });
    const duplicate = nodeGroups.map((g) => g.name).find((name, i, all) => all.indexOf(name) !== i);
    if (duplicate) problems.push(problem(`${NS}:cluster.nodeGroups`, duplicate, "is used by two node groups. Give each group its own name."));
    const publicAccessCidrs = c.publicAccessCidrs ?? (tier === "prod" ? [] : ["0.0.0.0/0"]);
    publicAccessCidrs.forEach((cidr, i) => checkCidr(`${NS}:cluster.publicAccessCidrs[${i}]`, cidr, problems));

    // Data stores.
    const database = { ...defaults.database, ...raw.database };
    if (database.maxAllocatedStorageGb < database.allocatedStorageGb) {
        problems.push(problem(`${NS}:database.maxAllocatedStorageGb`, database.maxAllocatedStorageGb, `is below allocatedStorageGb (${database.allocatedStorageGb}). Use a ceiling at least as large as the allocation.`));
    }
    const { brokersPerAz, ...kafkaDefaults } = defaults.kafka;
    const kafka = { ...kafkaDefaults, brokerCount: brokersPerAz * azCount, ...raw.kafka };
    // With no AZ at all (availabilityZones: []) only the AZ problem is reported: these checks would say "Use NaN".
    if (azCount > 0 && kafka.brokerCount % azCount !== 0) {
        problems.push(problem(`${NS}:kafka.brokerCount`, kafka.brokerCount, `is not a multiple of the AZ count (${azCount}); MSK spreads brokers evenly over the AZs. Use ${azCount * Math.max(1, Math.round(kafka.brokerCount / azCount))}.`));
    }
    // The default node count is the tier's, rounded up to a multiple of the zone count actually used, so changing only
    // azCount or zoneCount never fails on a value the stack did not set.
    const zoneCount = raw.search?.zoneCount ?? Math.max(1, Math.min(defaults.search.zoneCount, azCount));
    const search = { ...defaults.search, zoneCount, instanceCount: Math.ceil(defaults.search.instanceCount / zoneCount) * zoneCount, ...raw.search };
    if (azCount > 0 && search.zoneCount > azCount) {
        problems.push(problem(`${NS}:search.zoneCount`, search.zoneCount, `is more than the VPC's ${azCount} AZs. Use at most ${azCount}.`));
    } else if (search.instanceCount % search.zoneCount !== 0) {
        problems.push(problem(`${NS}:search.instanceCount`, search.instanceCount, `is not a multiple of the zone count (${search.zoneCount}); OpenSearch needs the same number of nodes in each zone. Use ${search.zoneCount * Math.max(1, Math.round(search.instanceCount / search.zoneCount))}.`));
    }

    const v = raw.vpn ?? {};
    const vpn = { enabled: v.enabled ?? defaults.vpn.enabled, clientCidr: v.clientCidr ?? "10.250.0.0/22", subnetAssociations: v.subnetAssociations ?? defaults.vpn.subnetAssociations, clients: v.clients ?? ["shared"], samlProviderArn: v.samlProviderArn };
    if (vpn.enabled) {
        const client = checkCidr(`${NS}:vpn.clientCidr`, vpn.clientCidr, problems, { min: 12, max: 22, why: "Client VPN needs a client block from /12 to /22", example: "10.250.0.0/22" });
        if (client && vpc && overlaps(client, vpc)) {
            problems.push(problem(`${NS}:vpn.clientCidr`, vpn.clientCidr, `overlaps the VPC ${vpcCidrText}. Use a block outside it, such as 10.250.0.0/22.`));
        }
        if (azCount > 0 && vpn.subnetAssociations > azCount) {
            problems.push(problem(`${NS}:vpn.subnetAssociations`, vpn.subnetAssociations, `is more than the ${azCount} private subnets. Use at most ${azCount}.`));
        }
    }

    // Edge.
    const ingress = {
        httpNodePort: 30080, httpsNodePort: 30443, replicas: defaults.replicas, allowedCidrs: ["0.0.0.0/0"],
        accessLogRetentionDays: defaults.cluster.logRetentionDays, ...raw.ingress,
    };
    if (ingress.httpNodePort === ingress.httpsNodePort) {
        problems.push(problem(`${NS}:ingress.httpsNodePort`, ingress.httpsNodePort, "equals httpNodePort. Give HTTP and HTTPS their own NodePorts (30080 and 30443 by default)."));
    }
    ingress.allowedCidrs.forEach((cidr, i) => checkCidr(`${NS}:ingress.allowedCidrs[${i}]`, cidr, problems));
    const dns = { extraHosts: [] as string[], ...raw.dns };
    dns.extraHosts.forEach((host, i) => checkHostLabel(`${NS}:dns.extraHosts[${i}]`, host, domainOrExample, problems));

    // GitOps.
    const g = raw.gitops;
    if (g?.repoUrl !== undefined && checkRepoUrl(`${NS}:gitops.repoUrl`, g.repoUrl, problems)) {
        // GitHub's host keys ship with the program; any other host's must be pinned by the stack.
        const host = /^ssh:\/\/git@([^/:]+)(:\d+)?\//.exec(g.repoUrl);
        if (host && (host[1] !== "github.com" || (host[2] && host[2] !== ":22")) && !g.knownHosts) {
            problems.push(missing(`${NS}:gitops.knownHosts`, `Flux must pin the host key of ${host[1]}${host[2] ?? ""}, which is not github.com. Set it with: pulumi config set --path ${NS}:gitops.knownHosts "$(ssh-keyscan ${host[2] ? `-p ${host[2].slice(1)} ` : ""}${host[1]})" after checking the keys against the host's published fingerprints.`));
        }
    }

    // Apps.
    const hydraRaw = raw.apps?.hydra ?? {};
    const hydra = {
        host: hydraRaw.host ?? "auth",
        loginUrl: hydraRaw.loginUrl ?? `https://login.${domainOrExample}/login`,
        consentUrl: hydraRaw.consentUrl ?? `https://login.${domainOrExample}/consent`,
        replicas: hydraRaw.replicas ?? defaults.replicas,
    };
    checkHostLabel(`${NS}:apps.hydra.host`, hydra.host, domainOrExample, problems);

    // Access and namespace lists.
    const access = {
        adminRoleArns: raw.access?.adminRoleArns ?? [],
        developerRoleArns: raw.access?.developerRoleArns ?? [],
        developerNamespaces: raw.access?.developerNamespaces ?? ["default", appNamespace, "monitoring"],
    };
    problems.push(...accessProblems(access));
    const toolbox = raw.apps?.toolbox?.enabled ?? defaults.toolbox;
    const knownNamespaces = ["default", appNamespace, ...PLATFORM_NAMESPACE_NAMES, ...(toolbox ? [TOOLBOX_NAMESPACE] : [])];
    const pullSecretNamespaces = raw.dockerHub?.namespaces ?? ["default", "monitoring", "logging", "flux-system", appNamespace];
    checkNamespaceList(`${NS}:access.developerNamespaces`, access.developerNamespaces, knownNamespaces, problems);
    checkNamespaceList(`${NS}:dockerHub.namespaces`, pullSecretNamespaces, knownNamespaces, problems);

    if (problems.length > 0) throw new ConfigError(problems);

    return {
        project: source.project,
        stack,
        environment: tier,
        region: region!,
        domain: domain!,
        protect,
        replicas: defaults.replicas,
        appNamespace,
        tags: { project: source.project, stack, environment: tier, "managed-by": "pulumi", ...raw.tags },
        network: {
            cidr: vpcCidrText,
            azCount,
            availabilityZones,
            natGateways: n.natGateways ?? defaults.network.natGateways,
            publicSubnetCidrs,
            privateSubnetCidrs,
            flowLogRetentionDays: n.flowLogRetentionDays ?? defaults.network.flowLogRetentionDays,
        },
        cluster: {
            version: c.version ?? defaults.cluster.version,
            publicAccessCidrs,
            logRetentionDays: c.logRetentionDays ?? defaults.cluster.logRetentionDays,
            nodeGroups,
        },
        access,
        database,
        kafka,
        search,
        vpn,
        alarms: { emails: raw.alarms?.emails ?? [] },
        ingress,
        dns,
        gitops: {
            repoUrl: g!.repoUrl,
            branch: g!.branch ?? "main",
            path: g!.path ?? `clusters/${stack}`,
            knownHosts: g!.knownHosts,
            imageAutomationWriteBack: g!.imageAutomationWriteBack ?? true,
            githubRepository: g!.githubRepository,
        },
        dockerHub: {
            username: raw.dockerHub!.username,
            namespaces: pullSecretNamespaces,
        },
        observability: {
            prometheusRetention: raw.observability?.prometheusRetention ?? defaults.observability.prometheusRetention,
            prometheusStorageGb: raw.observability?.prometheusStorageGb ?? defaults.observability.prometheusStorageGb,
            grafanaExposed: raw.observability?.grafanaExposed ?? false,
            jaegerExposed: raw.observability?.jaegerExposed ?? false,
        },
        apps: { hydra, toolbox: { enabled: toolbox } },
        secrets: secrets!,
    };
}

const KNOWN_TOP_LEVEL = [...SCALAR_KEYS, ...Object.keys(layerSchemas), ...REQUIRED_SECRETS, ...OPTIONAL_SECRETS];

function checkUnknownTopLevelKeys(values: Record<string, string>, problems: string[]): void {
    for (const fullKey of Object.keys(values)) {
        if (!fullKey.startsWith(`${NS}:`)) continue;
        const key = fullKey.slice(NS.length + 1);
        if (!KNOWN_TOP_LEVEL.includes(key)) {
            problems.push(`${fullKey}: unknown key (a typo?). Known ${NS} keys: ${KNOWN_TOP_LEVEL.join(", ")}.`);
        }
    }
}

function parseLayers(values: Record<string, string>, problems: string[]): RawLayers {
    const layers: Record<string, unknown> = {};
    for (const layer of Object.keys(layerSchemas) as LayerKey[]) {
        const key = `${NS}:${layer}`;
        const text = values[key];
        if (text === undefined) {
            if (REQUIRED_LAYERS.includes(layer)) problems.push(missing(key, requiredLayerHint(layer)));
            continue;
        }
        let parsed: unknown;
        try {
            parsed = JSON.parse(text);
        } catch {
            parsed = text;
        }
        if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
            problems.push(problem(key, parsed, `is not a map. ${HOW_TO_SET_LAYER(layer, "<field> <value>")}`));
            continue;
        }
        const schema = layerSchemas[layer] as z.ZodTypeAny;
        const result = schema.safeParse(parsed);
        if (result.success) {
            layers[layer] = result.data;
            continue;
        }
        for (const issue of result.error.issues) problems.push(...formatIssue(key, schema, parsed, issue));
    }
    return layers as RawLayers;
}

function requiredLayerHint(layer: LayerKey): string {
    return layer === "gitops"
        ? `Set it with: pulumi config set --path ${NS}:gitops.repoUrl ssh://git@github.com/<org>/<config-repo>.git`
        : `Set it with: pulumi config set --path ${NS}:dockerHub.username <dockerhub-user>`;
}

/** One problem per offending key: zod reports all unknown keys of an object in a single issue. */
function formatIssue(root: string, schema: z.ZodTypeAny, input: unknown, issue: z.core.$ZodIssue): string[] {
    const path = issue.path;
    const key = root + path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("");
    if (issue.code === "unrecognized_keys") {
        const known = Object.keys((schemaAt(schema, path) as any)?.shape ?? {});
        return issue.keys.map((k) => `${key}.${k}: unknown key (a typo?). Known keys here: ${known.join(", ")}.`);
    }
    const value = path.reduce<any>((v, p) => (v === undefined || v === null ? undefined : v[p as any]), input);
    if (value === undefined) return [missing(key, `${issue.message.replace(/^is not [^.]*\. /, "")}`)];
    return [`${key}: ${show(value)} ${issue.message}`];
}

function readSecrets(source: ConfigSource, problems: string[]): PlatformSecrets | undefined {
    const out: Partial<Record<SecretKey, pulumi.Output<string> | pulumi.Output<string[]>>> = {};
    for (const key of [...REQUIRED_SECRETS, ...OPTIONAL_SECRETS]) {
        const fullKey = `${NS}:${key}`;
        const value = source.values[fullKey];
        const setIt = `pulumi config set --secret ${fullKey} <value>`;
        if (value === undefined) {
            if ((REQUIRED_SECRETS as readonly string[]).includes(key)) problems.push(missing(fullKey, `Set it with: ${setIt}`));
            continue;
        }
        if (!source.isSecret(fullKey)) {
            problems.push(`${fullKey} is set in plain text in Pulumi.${source.stack}.yaml. Remove it there (pulumi config rm ${fullKey}) and set it with: ${setIt}`);
            continue;
        }
        if (!checkSecretValue(key, value, problems)) continue;
        out[key] = key === "hydraRetiredSystemSecrets" ? source.secret(key).apply((v) => JSON.parse(v) as string[]) : source.secret(key);
    }
    return out as unknown as PlatformSecrets;
}

export { show };
