import { Cidr, overlaps } from "./cidr";
import { missing, problem } from "./messages";
import { checkCidr, checkSubnets, planSubnets } from "./network";
import { NS } from "./parse";
import { accessProblems, checkHostLabel, checkNamespaceList, checkRepoUrl, checkUnique, parseSshUrl } from "./rules";
import { RawLayers } from "./schema";
import { DEFAULT_OFFICE_HOURS, OfficeHours, officeHoursProblems } from "./schedule";
import { TierDefaults } from "./tiers";
import { zoneIdProblem } from "./zones";
import { PlatformConfig, Tier } from "./types";

/** What every layer's resolver reads: the raw layers, the tier's defaults, and where to report problems. */
export interface LayerContext {
    raw: RawLayers;
    tier: Tier;
    defaults: TierDefaults;
    region?: string;
    /** The domain, or an example when it is missing (its own problem is reported elsewhere). */
    domain: string;
    stack: string;
    appNamespace: string;
    problems: string[];
}

/** Namespaces the platform always creates besides the environment's own (components/tenancy creates them). */
export const PLATFORM_NAMESPACE_NAMES = ["logging", "monitoring", "observability", "flux-system", "kube-ingress"];
export const TOOLBOX_NAMESPACE = "test";
/** Namespaces Kubernetes itself owns: no environment may be named after them. */
export const SYSTEM_NAMESPACES = ["default", "kube-system", "kube-public", "kube-node-lease"];

export function resolveNetwork(ctx: LayerContext): { network: PlatformConfig["network"]; vpc?: Cidr } {
    const { raw, defaults, region, problems } = ctx;
    const n = raw.network ?? {};
    const availabilityZones = n.availabilityZones;
    const availabilityZoneIds = n.availabilityZoneIds;
    const pinned = availabilityZoneIds ?? availabilityZones;
    const azCount = n.azCount ?? pinned?.length ?? defaults.network.azCount;
    // Report under the key the user set: azCount, or the list when the count comes from it.
    const fromList = n.azCount === undefined && pinned !== undefined;
    const listKey = `${NS}:network.${availabilityZoneIds ? "availabilityZoneIds" : "availabilityZones"}`;
    const azKey = fromList ? listKey : `${NS}:network.azCount`;
    if (azCount < 2) {
        problems.push(problem(azKey, fromList ? pinned : azCount, "is fewer than 2 AZs. Use 2 or more: EKS, the ALB and Multi-AZ RDS need subnets in at least two AZs."));
    }
    if (availabilityZones && availabilityZoneIds) {
        problems.push(problem(`${NS}:network.availabilityZoneIds`, availabilityZoneIds, `and ${NS}:network.availabilityZones both pin the zones. Keep one: the IDs, unless the stack's subnets were created from the names.`));
    } else if (availabilityZoneIds) {
        if (n.azCount !== undefined && availabilityZoneIds.length !== n.azCount) {
            problems.push(problem(`${NS}:network.availabilityZoneIds`, availabilityZoneIds, `lists ${availabilityZoneIds.length} AZs but ${NS}:network.azCount is ${n.azCount}. Make them agree, or drop azCount.`));
        }
        availabilityZoneIds.forEach((id, i) => {
            const what = zoneIdProblem(id, region);
            if (what) problems.push(problem(`${NS}:network.availabilityZoneIds[${i}]`, id, what));
        });
        checkUnique(`${NS}:network.availabilityZoneIds`, availabilityZoneIds, problems);
    }
    if (availabilityZones) {
        if (n.azCount !== undefined && availabilityZones.length !== n.azCount) {
            problems.push(problem(`${NS}:network.availabilityZones`, availabilityZones, `lists ${availabilityZones.length} AZs but ${NS}:network.azCount is ${n.azCount}. Make them agree, or drop azCount.`));
        }
        availabilityZones.forEach((az, i) => {
            if (region && !az.startsWith(region)) problems.push(problem(`${NS}:network.availabilityZones[${i}]`, az, `is not an AZ of ${region}. Use a zone such as ${region}a.`));
        });
    }
    const cidr = n.cidr ?? defaults.network.cidr;
    const vpc = checkCidr(`${NS}:network.cidr`, cidr, problems, { min: 16, max: 28, why: "VPC size must be /16 to /28" });
    let publicSubnetCidrs = n.publicSubnetCidrs ?? [];
    let privateSubnetCidrs = n.privateSubnetCidrs ?? [];
    if (vpc) {
        if (n.publicSubnetCidrs || n.privateSubnetCidrs) {
            checkSubnets(vpc, azCount, [
                { key: `${NS}:network.publicSubnetCidrs`, cidrs: publicSubnetCidrs },
                { key: `${NS}:network.privateSubnetCidrs`, cidrs: privateSubnetCidrs },
            ], problems);
        } else if (vpc.prefix > 24) {
            problems.push(problem(`${NS}:network.cidr`, cidr, "is too small to carve subnets from automatically. Use a /24 or larger, or list publicSubnetCidrs and privateSubnetCidrs."));
        } else if (azCount >= 2 && azCount <= 3) {
            ({ publicSubnets: publicSubnetCidrs, privateSubnets: privateSubnetCidrs } = planSubnets(vpc, azCount));
        }
    }
    return {
        vpc,
        network: {
            cidr, azCount, availabilityZones, availabilityZoneIds, publicSubnetCidrs, privateSubnetCidrs,
            natGateways: n.natGateways ?? defaults.network.natGateways,
            flowLogRetentionDays: n.flowLogRetentionDays ?? defaults.network.flowLogRetentionDays,
        },
    };
}

export function resolveCluster(ctx: LayerContext, supportedVersions: string[]): PlatformConfig["cluster"] {
    const { raw, defaults, tier, problems } = ctx;
    const c = raw.cluster ?? {};
    const version = c.version ?? defaults.cluster.version;
    if (!supportedVersions.includes(version)) {
        problems.push(problem(`${NS}:cluster.version`, version, `has no pinned add-on versions (components/cluster/addons.ts). Use ${supportedVersions.join(" or ")}, or add a row for ${version} there first.`));
    }
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
    if (tier === "prod") checkProdEndpoint(publicAccessCidrs, problems);
    return { version, publicAccessCidrs, logRetentionDays: c.logRetentionDays ?? defaults.cluster.logRetentionDays, nodeGroups };
}

/**
 * prod's API endpoint is public only to the deployers. A private-only endpoint cannot be deployed: the VPN that would
 * reach it is created by the same stack, after the cluster, and CI runners are never on it.
 */
function checkProdEndpoint(cidrs: string[], problems: string[]): void {
    const key = `${NS}:cluster.publicAccessCidrs`;
    if (cidrs.length === 0) {
        problems.push(problem(key, cidrs, "is empty, but prod needs the deployers' CIDRs: with a private endpoint neither the first `pulumi up` "
            + "(the VPN comes from the same stack) nor CI can reach the Kubernetes API. List the egress CIDRs of the CI runners and the "
            + `operators: pulumi config set --path '${key}[0]' 203.0.113.0/24`));
    }
    cidrs.forEach((cidr, i) => {
        if (/\/0$/.test(cidr)) {
            problems.push(problem(`${key}[${i}]`, cidr, "opens prod's Kubernetes API to the whole internet. List only the deployers' egress CIDRs (CI runners, office), such as 203.0.113.0/24."));
        }
    });
}

/** Karpenter's NodePool settings; the window is the VPN's office hours (`vpn.officeHours`, checked by resolveVpn). */
export function resolveKarpenter(ctx: LayerContext, officeHours: OfficeHours): PlatformConfig["karpenter"] {
    const { raw, defaults, problems } = ctx;
    const k = { ...defaults.karpenter, ...raw.karpenter, officeHours };
    if (k.instanceCategories.length === 0 && k.instanceFamilies.length === 0) {
        problems.push(problem(`${NS}:karpenter.instanceCategories`, k.instanceCategories, "is empty and so is karpenter.instanceFamilies. List categories such as [c, m, r], or families such as [m7i]."));
    }
    checkUnique(`${NS}:karpenter.capacityTypes`, k.capacityTypes, problems);
    checkUnique(`${NS}:karpenter.instanceFamilies`, k.instanceFamilies, problems);
    // Sleeping needs a window that ends: it is the VPN's, which may be unset only when the VPN is always on.
    if (ctx.tier !== "dev" && k.sleepOutOfHours) {
        problems.push(problem(`${NS}:karpenter.sleepOutOfHours`, true, `stops every workload outside office hours, which a ${ctx.tier} stack must not do. Set it to false, or use a dev-tier stack.`));
    }
    return k;
}

export function resolveDataStores(ctx: LayerContext, azCount: number): Pick<PlatformConfig, "database" | "kafka" | "search"> {
    const { raw, defaults, problems } = ctx;
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
    return { database, kafka, search };
}

export function resolveVpn(ctx: LayerContext, vpc: Cidr | undefined, vpcCidr: string, azCount: number): PlatformConfig["vpn"] {
    const { raw, defaults, problems } = ctx;
    const v = raw.vpn ?? {};
    const vpn = {
        enabled: v.enabled ?? defaults.vpn.enabled, clientCidr: v.clientCidr ?? "10.250.0.0/22",
        subnetAssociations: v.subnetAssociations ?? defaults.vpn.subnetAssociations, clients: v.clients ?? ["shared"], samlProviderArn: v.samlProviderArn,
        alwaysOn: v.alwaysOn ?? defaults.vpn.alwaysOn, officeHours: { ...DEFAULT_OFFICE_HOURS, ...v.officeHours },
    };
    // Checked even when the VPN is always on or off: Karpenter's business-hours budget and dev's sleep use the window.
    checkOfficeHours(vpn.officeHours, problems);
    if (!vpn.enabled) return vpn;
    const client = checkCidr(`${NS}:vpn.clientCidr`, vpn.clientCidr, problems, { min: 12, max: 22, why: "Client VPN needs a client block from /12 to /22", example: "10.250.0.0/22" });
    if (client && vpc && overlaps(client, vpc)) {
        problems.push(problem(`${NS}:vpn.clientCidr`, vpn.clientCidr, `overlaps the VPC ${vpcCidr}. Use a block outside it, such as 10.250.0.0/22.`));
    }
    if (azCount > 0 && vpn.subnetAssociations > azCount) {
        problems.push(problem(`${NS}:vpn.subnetAssociations`, vpn.subnetAssociations, `is more than the ${azCount} private subnets. Use at most ${azCount}.`));
    }
    checkUnique(`${NS}:vpn.clients`, vpn.clients, problems);
    return vpn;
}

function checkOfficeHours(hours: OfficeHours, problems: string[]): void {
    for (const p of officeHoursProblems(hours)) problems.push(problem(`${NS}:vpn.officeHours.${p.field}`, hours[p.field], p.what));
}

export function resolveEdge(ctx: LayerContext): Pick<PlatformConfig, "ingress" | "dns"> {
    const { raw, defaults, domain, problems } = ctx;
    const ingress = {
        httpNodePort: 30080, httpsNodePort: 30443, replicas: defaults.replicas, allowedCidrs: ["0.0.0.0/0"],
        accessLogRetentionDays: defaults.cluster.logRetentionDays, ...raw.ingress,
    };
    if (ingress.httpNodePort === ingress.httpsNodePort) {
        problems.push(problem(`${NS}:ingress.httpsNodePort`, ingress.httpsNodePort, "equals httpNodePort. Give HTTP and HTTPS their own NodePorts (30080 and 30443 by default)."));
    }
    ingress.allowedCidrs.forEach((cidr, i) => checkCidr(`${NS}:ingress.allowedCidrs[${i}]`, cidr, problems));
    const dns = { extraHosts: [] as string[], ...raw.dns };
    dns.extraHosts.forEach((host, i) => checkHostLabel(`${NS}:dns.extraHosts[${i}]`, host, domain, problems));
    checkUnique(`${NS}:dns.extraHosts`, dns.extraHosts, problems);
    return { ingress, dns };
}

export function resolveGitOps(ctx: LayerContext): PlatformConfig["gitops"] | undefined {
    const { raw, stack, problems } = ctx;
    const g = raw.gitops;
    if (!g) return undefined;
    if (g.repoUrl !== undefined && checkRepoUrl(`${NS}:gitops.repoUrl`, g.repoUrl, problems)) {
        // GitHub's host keys ship with the program; any other host's must be pinned by the stack.
        const { host, port } = parseSshUrl(g.repoUrl)!;
        if ((host !== "github.com" || (port && port !== "22")) && !g.knownHosts) {
            const hostPort = port ? `${host}:${port}` : host;
            problems.push(missing(`${NS}:gitops.knownHosts`, `Flux must pin the host key of ${hostPort}, which is not github.com. Set it with: pulumi config set --path ${NS}:gitops.knownHosts "$(ssh-keyscan ${port ? `-p ${port} ` : ""}${host})" after checking the keys against the host's published fingerprints.`));
        }
    }
    return {
        repoUrl: g.repoUrl, branch: g.branch ?? "main", path: g.path ?? `clusters/${stack}`, knownHosts: g.knownHosts,
        imageAutomationWriteBack: g.imageAutomationWriteBack ?? true, githubRepository: g.githubRepository,
    };
}

export function resolveApps(ctx: LayerContext): PlatformConfig["apps"] {
    const { raw, defaults, domain, problems } = ctx;
    const hydraRaw = raw.apps?.hydra ?? {};
    const hydra = {
        host: hydraRaw.host ?? "auth",
        loginUrl: hydraRaw.loginUrl ?? `https://login.${domain}/login`,
        consentUrl: hydraRaw.consentUrl ?? `https://login.${domain}/consent`,
        replicas: hydraRaw.replicas ?? defaults.replicas,
    };
    checkHostLabel(`${NS}:apps.hydra.host`, hydra.host, domain, problems);
    return { hydra, toolbox: { enabled: raw.apps?.toolbox?.enabled ?? defaults.toolbox } };
}

/** Access entries and the namespace lists, which may only name namespaces the platform creates. */
export function resolveTenancy(ctx: LayerContext, toolbox: boolean): Pick<PlatformConfig, "access"> & { pullSecretNamespaces: string[] } {
    const { raw, appNamespace, problems } = ctx;
    const access = {
        adminRoleArns: raw.access?.adminRoleArns ?? [],
        developerRoleArns: raw.access?.developerRoleArns ?? [],
        ciDeployRoleArns: raw.access?.ciDeployRoleArns ?? [],
        ciPreviewRoleArns: raw.access?.ciPreviewRoleArns ?? [],
        developerNamespaces: raw.access?.developerNamespaces ?? ["default", appNamespace, "monitoring"],
    };
    problems.push(...accessProblems(access));
    const known = ["default", appNamespace, ...PLATFORM_NAMESPACE_NAMES, ...(toolbox ? [TOOLBOX_NAMESPACE] : [])];
    const pullSecretNamespaces = raw.dockerHub?.namespaces ?? ["default", "monitoring", "logging", "flux-system", "kube-ingress", "observability", appNamespace];
    checkNamespaceList(`${NS}:access.developerNamespaces`, access.developerNamespaces, known, problems);
    checkNamespaceList(`${NS}:dockerHub.namespaces`, pullSecretNamespaces, known, problems);
    checkUnique(`${NS}:access.developerNamespaces`, access.developerNamespaces, problems);
    checkUnique(`${NS}:dockerHub.namespaces`, pullSecretNamespaces, problems);
    checkUnique(`${NS}:alarms.emails`, raw.alarms?.emails ?? [], problems);
    return { access, pullSecretNamespaces };
}
