import { ConfigError, type Problem, missing, note, problem } from "./messages";
import {
    type LayerContext,
    PLATFORM_NAMESPACE_NAMES,
    SYSTEM_NAMESPACES,
    TOOLBOX_NAMESPACE,
    resolveCluster,
    resolveDataStores,
    resolveKarpenter,
    resolveNetwork,
} from "./layers";
import { resolveApps, resolveEdge, resolveGitOps, resolveTenancy, resolveVpn } from "./layers-services";
import { tag } from "./predicates";
import { type ConfigSource, NS, checkUnknownTopLevelKeys, parseLayers, readSecrets } from "./parse";
import { checkDomain } from "./rules";
import { TIER_DEFAULTS } from "./tiers";
import { type PlatformConfig, TIERS, type Tier } from "./types";

export { ConfigSource, NS } from "./parse";
export { PLATFORM_NAMESPACE_NAMES, TOOLBOX_NAMESPACE } from "./layers";

/**
 * Longest stack name: physical names are `platform-<stack>`, and an OpenSearch domain name has at most 28 characters.
 * Validated rather than truncated, so two stacks can never end up with the same physical names.
 */
export const MAX_STACK_NAME = 28 - "platform-".length;

/**
 * Kubernetes versions the cluster layer has pinned add-on versions for (components/cluster/addons.ts). Passed in
 * rather than imported, so stacks/ stays free of the components it configures.
 */
export interface LoadOptions {
    supportedKubernetesVersions?: string[];
    /** The node AMI's architecture (components/cluster/nodes.ts NODE_AMI_TYPE); node instance types must match it. */
    nodeArchitecture?: "x86_64" | "arm64";
}

/** Tags the platform puts on every resource itself; a stack's `platform:tags` may not overwrite them. */
export const PLATFORM_TAG_KEYS = ["project", "stack", "environment", "managed-by"] as const;
/** AWS allows 50 tags per resource; the platform's own take the first few. */
const MAX_USER_TAGS = 50 - PLATFORM_TAG_KEYS.length;

/**
 * Reads, validates and fills the stack's config. Every problem is collected and thrown together as a ConfigError
 * before anything is declared.
 */
export function loadStackConfig(source: ConfigSource, options: LoadOptions = {}): PlatformConfig {
    const problems: Problem[] = [];
    const values = source.values;
    const get = (key: string) => values[`${NS}:${key}`];
    checkUnknownTopLevelKeys(values, problems);

    const environment = get("environment");
    let tier: Tier = "dev";
    if (environment === undefined) {
        problems.push(
            missing(`${NS}:environment`, `Set it with: pulumi config set ${NS}:environment dev (one of ${TIERS.join(", ")}).`, {
                key: `${NS}:environment`,
                value: "dev",
            }),
        );
    } else if (!(TIERS as readonly string[]).includes(environment)) {
        const close = TIERS.find((t) => environment.toLowerCase().startsWith(t)) ?? "dev";
        problems.push(
            problem(`${NS}:environment`, environment, `is not a tier. Use one of ${TIERS.join(", ")}.`, {
                key: `${NS}:environment`,
                value: close,
            }),
        );
    } else {
        tier = environment as Tier;
    }
    // A copy: resolvers hand the default lists on to components, which must not share them between loads.
    const defaults = structuredClone(TIER_DEFAULTS[tier]);

    const region = values["aws:region"];
    const regionFix = { key: "aws:region", value: "us-east-1" };
    if (region === undefined)
        problems.push(
            missing("aws:region", "Set it with: pulumi config set aws:region us-east-1 (the region of the environment).", regionFix),
        );
    else if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(region))
        problems.push(problem("aws:region", region, "is not an AWS region. Use a region such as us-east-1.", regionFix));

    const domain = get("domain");
    if (domain === undefined)
        problems.push(
            missing(`${NS}:domain`, `Set it with: pulumi config set ${NS}:domain dev.example.com (the environment's DNS domain).`, {
                key: `${NS}:domain`,
                value: "dev.example.com",
            }),
        );
    else checkDomain(`${NS}:domain`, domain, problems);

    let protect = defaults.protect;
    const protectText = get("protect");
    if (protectText !== undefined) {
        if (protectText === "true" || protectText === "false") protect = protectText === "true";
        else
            problems.push(
                problem(`${NS}:protect`, protectText, "is not a boolean. Use true or false.", {
                    key: `${NS}:protect`,
                    value: /^(yes|on|1)$/i.test(protectText) ? "true" : "false",
                }),
            );
    }

    const raw = parseLayers(values, problems);
    const secrets = readSecrets(source, problems);
    const stack = source.stack;
    const toolbox = raw.apps?.toolbox?.enabled ?? defaults.toolbox;
    checkStackName(stack, toolbox, problems);

    // The stack's name is the environment's namespace (legacy dev/staging) and part of every physical name.
    const ctx: LayerContext = { raw, tier, defaults, region, domain: domain ?? "example.com", stack, appNamespace: stack, problems };
    const { network, vpc } = resolveNetwork(ctx);
    const cluster = resolveCluster(
        ctx,
        options.supportedKubernetesVersions ?? [defaults.cluster.version],
        options.nodeArchitecture ?? "x86_64",
    );
    const data = resolveDataStores(ctx, network.azCount);
    const vpn = resolveVpn(ctx, vpc, network.cidr, network.azCount);
    const karpenter = resolveKarpenter(ctx, vpn.officeHours);
    const edge = resolveEdge(ctx);
    checkTags(raw.tags ?? {}, problems);
    const gitops = resolveGitOps(ctx);
    const apps = resolveApps(ctx);
    const { access, pullSecretNamespaces } = resolveTenancy(ctx, toolbox);

    if (problems.length > 0) throw new ConfigError(problems);

    return {
        project: source.project,
        stack,
        environment: tier,
        region: region!,
        domain: domain!,
        protect,
        replicas: defaults.replicas,
        appNamespace: stack,
        tags: { project: source.project, stack, environment: tier, "managed-by": "pulumi", ...raw.tags },
        network,
        cluster,
        karpenter,
        access,
        ...data,
        vpn,
        alarms: { ...defaults.alarms, ...raw.alarms },
        ...edge,
        gitops: gitops!,
        dockerHub: { username: raw.dockerHub!.username, namespaces: pullSecretNamespaces },
        observability: {
            ...defaults.observability,
            ...raw.observability,
        },
        apps,
        secrets: secrets!,
    };
}

/** The stack name becomes a namespace, a cluster name, KMS aliases and an OpenSearch domain: it must suit all of them. */
function checkStackName(stack: string, toolbox: boolean, problems: Problem[]): void {
    const rename = "Rename the stack (pulumi stack rename <new-name>) or create it under another name.";
    const cleaned = stack
        .toLowerCase()
        .replace(/[^a-z0-9-]+/g, "-")
        .replace(/^[^a-z]+/, "")
        .slice(0, MAX_STACK_NAME)
        .replace(/-+$/, "");
    const fix = (name: string) => ({ key: "stack", value: name });
    if (!/^[a-z]([a-z0-9-]*[a-z0-9])?$/.test(stack)) {
        problems.push(
            note(
                "stack",
                `stack name "${stack}" must be lower-case letters, digits and dashes, starting with a letter and not ending with a dash: it names the environment's namespace and its AWS resources. ${rename}`,
                fix(cleaned || "qa"),
            ),
        );
    } else if (stack.length > MAX_STACK_NAME) {
        problems.push(
            note(
                "stack",
                `stack name "${stack}" is ${stack.length} characters; at most ${MAX_STACK_NAME} fit in the OpenSearch domain name platform-<stack>. ${rename}`,
                fix(cleaned),
            ),
        );
    } else if ([...SYSTEM_NAMESPACES, ...PLATFORM_NAMESPACE_NAMES, ...(toolbox ? [TOOLBOX_NAMESPACE] : [])].includes(stack)) {
        problems.push(
            note(
                "stack",
                `stack name "${stack}" is the name of a namespace the platform or Kubernetes already uses, and the environment's namespace is named after the stack. ${rename}`,
                fix(`${stack}-env`),
            ),
        );
    }
}

/** AWS tag rules, and no overwriting of the platform's own tags (defaultTags would lose to them silently). */
function checkTags(tags: Record<string, string>, problems: Problem[]): void {
    const keys = Object.keys(tags);
    for (const key of keys) {
        const bad = tag(key, tags[key], PLATFORM_TAG_KEYS);
        const k = `${NS}:tags.${key}`;
        if (bad)
            problems.push(
                problem(
                    k,
                    tags[key],
                    `(tag ${JSON.stringify(key)}) ${bad.what}`,
                    bad.use !== undefined ? { key: k, value: bad.use } : { key: k, remove: true },
                ),
            );
    }
    if (keys.length > MAX_USER_TAGS) {
        problems.push(
            problem(
                `${NS}:tags`,
                `${keys.length} tags`,
                `is more than the ${MAX_USER_TAGS} AWS leaves next to the platform's ${PLATFORM_TAG_KEYS.length} (50 per resource). Remove some.`,
                keys.slice(MAX_USER_TAGS).map((k) => ({ key: `${NS}:tags.${k}`, remove: true as const })),
            ),
        );
    }
}
