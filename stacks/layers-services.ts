import { type Cidr, overlaps, parseCidr } from "./cidr";
import { type LayerContext, PLATFORM_NAMESPACE_NAMES, TOOLBOX_NAMESPACE } from "./layers";
import { type Problem, missing, problem } from "./messages";
import { checkCidr } from "./network";
import { NS } from "./parse";
import { email, gitBranch, hostLabel, httpsUrl, knownHosts, repoPath, samlProviderArn, vpnClientName } from "./predicates";
import { accessProblems, checkNamespaceList, checkRepoUrl, checkUnique, parseSshUrl } from "./rules";
import { DEFAULT_VPN_CLIENT_CIDR } from "./keys";
import { type OfficeHours, officeHoursProblems } from "./schedule";
import type { PlatformConfig } from "./types";
import { PLATFORM_NAMESPACES as NAMESPACES, SERVICE_HOST_LABELS } from "../components/platform-names";

export { DEFAULT_VPN_CLIENT_CIDR };
/** The blocks offered instead of the default client block when a VPC overlaps it. */
const VPN_CLIENT_CANDIDATES = [DEFAULT_VPN_CLIENT_CIDR, "172.31.252.0/22", "192.168.252.0/22", "10.200.0.0/22"];

/** A client block outside the VPC: the suggestion must not fail again on the overlap it fixes. */
function clientBlockOutside(vpc: Cidr | undefined): string {
    return VPN_CLIENT_CANDIDATES.find((c) => !vpc || !overlaps(parseCidr(c) as Cidr, vpc)) ?? VPN_CLIENT_CANDIDATES[1];
}

export function resolveVpn(ctx: LayerContext, vpc: Cidr | undefined, vpcCidr: string, azCount: number): PlatformConfig["vpn"] {
    const { raw, defaults, problems } = ctx;
    const v = raw.vpn ?? {};
    const vpn = {
        enabled: v.enabled ?? defaults.vpn.enabled,
        clientCidr: v.clientCidr ?? defaults.vpn.clientCidr,
        subnetAssociations: v.subnetAssociations ?? defaults.vpn.subnetAssociations,
        clients: v.clients ?? defaults.vpn.clients!,
        samlProviderArn: v.samlProviderArn,
        alwaysOn: v.alwaysOn ?? defaults.vpn.alwaysOn,
        officeHours: { ...defaults.vpn.officeHours, ...v.officeHours },
    };
    // Checked even when the VPN is always on or off: Karpenter's business-hours budget and dev's sleep use the window.
    checkOfficeHours(vpn.officeHours, problems);
    if (!vpn.enabled) return vpn;
    const outside = clientBlockOutside(vpc);
    const client = checkCidr(`${NS}:vpn.clientCidr`, vpn.clientCidr, problems, {
        min: 12,
        max: 22,
        why: "Client VPN needs a client block from /12 to /22",
        example: outside,
    });
    if (client && vpc && overlaps(client, vpc)) {
        problems.push(
            problem(`${NS}:vpn.clientCidr`, vpn.clientCidr, `overlaps the VPC ${vpcCidr}. Use a block outside it, such as ${outside}.`, {
                key: `${NS}:vpn.clientCidr`,
                value: outside,
            }),
        );
    }
    if (azCount > 0 && vpn.subnetAssociations > azCount) {
        problems.push(
            problem(
                `${NS}:vpn.subnetAssociations`,
                vpn.subnetAssociations,
                `is more than the ${azCount} private subnets. Use at most ${azCount}.`,
                { key: `${NS}:vpn.subnetAssociations`, value: azCount },
            ),
        );
    }
    vpn.clients.forEach((name, i) => {
        const key = `${NS}:vpn.clients[${i}]`;
        const bad = vpnClientName(name);
        if (bad) problems.push(problem(key, name, bad.what, { key, value: bad.use }));
    });
    checkUnique(`${NS}:vpn.clients`, vpn.clients, problems);
    if (vpn.samlProviderArn !== undefined) {
        const bad = samlProviderArn(vpn.samlProviderArn);
        if (bad)
            problems.push(
                problem(`${NS}:vpn.samlProviderArn`, vpn.samlProviderArn, bad.what, { key: `${NS}:vpn.samlProviderArn`, remove: true }),
            );
    }
    return vpn;
}

function checkOfficeHours(hours: OfficeHours, problems: Problem[]): void {
    for (const p of officeHoursProblems(hours)) {
        const key = `${NS}:vpn.officeHours.${p.field}`;
        problems.push(problem(key, hours[p.field], p.what, { key, value: p.use }));
    }
}

export function resolveEdge(ctx: LayerContext): Pick<PlatformConfig, "ingress" | "dns"> {
    const { raw, defaults, domain, problems } = ctx;
    const ingress = { ...defaults.ingress, ...raw.ingress };
    if (ingress.httpNodePort === ingress.httpsNodePort) {
        const use = ingress.httpNodePort === 30443 ? 30444 : 30443;
        problems.push(
            problem(
                `${NS}:ingress.httpsNodePort`,
                ingress.httpsNodePort,
                "equals httpNodePort. Give HTTP and HTTPS their own NodePorts (30080 and 30443 by default).",
                { key: `${NS}:ingress.httpsNodePort`, value: use },
            ),
        );
    }
    ingress.allowedCidrs.forEach((cidr, i) => {
        checkCidr(`${NS}:ingress.allowedCidrs[${i}]`, cidr, problems);
    });
    const dns = { ...defaults.dns, ...raw.dns };
    dns.extraHosts.forEach((host, i) => {
        const key = `${NS}:dns.extraHosts[${i}]`;
        const bad = hostLabel(host, domain);
        if (bad) problems.push(problem(key, host, bad.what, { key, value: bad.use }));
    });
    checkUnique(`${NS}:dns.extraHosts`, dns.extraHosts, problems);
    return { ingress, dns };
}

export function resolveGitOps(ctx: LayerContext): PlatformConfig["gitops"] | undefined {
    const { raw, stack, problems } = ctx;
    const g = raw.gitops;
    if (!g) return undefined;
    const path = g.path ?? `clusters/${stack}`;
    if (g.repoUrl !== undefined && checkRepoUrl(`${NS}:gitops.repoUrl`, g.repoUrl, problems)) {
        // GitHub's host keys ship with the program; any other host's must be pinned by the stack.
        const { host, port, path: repoPath_ } = parseSshUrl(g.repoUrl)!;
        // The deploy key must land on the repository Flux reads, or Flux cannot fetch and nobody is told why.
        const synced = repoPath_.replace(/\.git$/, "");
        if (g.githubRepository && host === "github.com" && !port && synced.toLowerCase() !== g.githubRepository.toLowerCase()) {
            const key = `${NS}:gitops.githubRepository`;
            problems.push(
                problem(
                    key,
                    g.githubRepository,
                    `is not the repository Flux syncs (${NS}:gitops.repoUrl is ${g.repoUrl}): the deploy key would be registered where Flux never reads. Use ${synced}, or remove it.`,
                    { key, value: synced },
                ),
            );
        }
        const hostPort = port ? `${host}:${port}` : host;
        const scan = `ssh-keyscan ${port ? `-p ${port} ` : ""}${host}`;
        const example = `${port ? `[${host}]:${port}` : host} ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl`;
        if ((host !== "github.com" || (port && port !== "22")) && !g.knownHosts) {
            problems.push(
                missing(
                    `${NS}:gitops.knownHosts`,
                    `Flux must pin the host key of ${hostPort}, which is not github.com. Set it with: pulumi config set --path ${NS}:gitops.knownHosts "$(${scan})" after checking the keys against the host's published fingerprints.`,
                    { key: `${NS}:gitops.knownHosts`, value: example },
                ),
            );
        } else if (g.knownHosts !== undefined) {
            const bad = knownHosts(g.knownHosts, port ? `-p ${port} ${host}` : host);
            if (bad)
                problems.push(
                    problem(`${NS}:gitops.knownHosts`, g.knownHosts, bad.what, { key: `${NS}:gitops.knownHosts`, value: example }),
                );
        }
    }
    const branch = g.branch ?? ctx.defaults.gitops.branch;
    const badBranch = gitBranch(branch);
    if (badBranch)
        problems.push(problem(`${NS}:gitops.branch`, branch, badBranch.what, { key: `${NS}:gitops.branch`, value: badBranch.use }));
    const badPath = repoPath(path, `clusters/${stack}`);
    if (badPath) problems.push(problem(`${NS}:gitops.path`, path, badPath.what, { key: `${NS}:gitops.path`, value: badPath.use }));
    return {
        repoUrl: g.repoUrl,
        branch,
        path,
        knownHosts: g.knownHosts,
        imageAutomationWriteBack: g.imageAutomationWriteBack ?? ctx.defaults.gitops.imageAutomationWriteBack,
        githubRepository: g.githubRepository,
    };
}

export function resolveApps(ctx: LayerContext): PlatformConfig["apps"] {
    const { raw, defaults, domain, problems } = ctx;
    const hydraRaw = raw.apps?.hydra ?? {};
    const hydra = {
        host: hydraRaw.host ?? defaults.apps.hydra.host,
        loginUrl: hydraRaw.loginUrl ?? `https://login.${domain}/login`,
        consentUrl: hydraRaw.consentUrl ?? `https://login.${domain}/consent`,
        replicas: hydraRaw.replicas ?? defaults.apps.hydra.replicas,
    };
    const hostKey = `${NS}:apps.hydra.host`;
    const badHost = hostLabel(hydra.host, domain);
    if (badHost) problems.push(problem(hostKey, hydra.host, badHost.what, { key: hostKey, value: badHost.use }));
    for (const field of ["loginUrl", "consentUrl"] as const) {
        const key = `${NS}:apps.hydra.${field}`;
        const bad = httpsUrl(hydra[field], `https://login.${domain}/${field === "loginUrl" ? "login" : "consent"}`);
        if (bad) problems.push(problem(key, hydra[field], bad.what, { key, value: bad.use }));
    }
    // Every service host gets an alias record and an Ingress rule: two services on one name would take each other's traffic.
    const taken: [string, string][] = [
        ...(raw.observability?.grafanaExposed
            ? [[SERVICE_HOST_LABELS.grafana, `${NS}:observability.grafanaExposed`] as [string, string]]
            : []),
        ...(raw.observability?.jaegerExposed
            ? [[SERVICE_HOST_LABELS.jaeger, `${NS}:observability.jaegerExposed`] as [string, string]]
            : []),
        ...(raw.dns?.extraHosts ?? []).map((h, i) => [h, `${NS}:dns.extraHosts[${i}]`] as [string, string]),
    ];
    const clash = taken.find(([h]) => h === hydra.host);
    if (clash && !badHost) {
        const use = ["auth", "oauth", "hydra", "id"].find((h) => !taken.some(([t]) => t === h)) ?? "auth2";
        problems.push(
            problem(
                hostKey,
                hydra.host,
                `is also the host of ${clash[1]}; each service needs its own name. Use another label, such as ${use}.`,
                { key: hostKey, value: use },
            ),
        );
    }
    // An extra host on a name the platform's own services use would take their traffic too.
    const services = taken.filter(([, key]) => !key.includes("dns.extraHosts"));
    (raw.dns?.extraHosts ?? []).forEach((h, i) => {
        // (A clash with Hydra's host is reported on apps.hydra.host, above.)
        const owner = services.find(([s]) => s === h);
        if (!owner) return;
        const key = `${NS}:dns.extraHosts[${i}]`;
        problems.push(
            problem(key, h, `is already the host of ${owner[1]}, which declares its record itself. Remove it from the list.`, {
                key,
                remove: true,
            }),
        );
    });
    return { hydra, toolbox: { enabled: raw.apps?.toolbox?.enabled ?? defaults.apps.toolbox.enabled } };
}

/** Access entries and the namespace lists, which may only name namespaces the platform creates. */
export function resolveTenancy(ctx: LayerContext, toolbox: boolean): Pick<PlatformConfig, "access"> & { pullSecretNamespaces: string[] } {
    const { raw, defaults, appNamespace, problems } = ctx;
    const unique = (list: string[]) => [...new Set(list)];
    const access = {
        ...defaults.access,
        ...raw.access,
        // Defaults are deduplicated: a stack named like a platform namespace is its own problem, not a list's.
        developerNamespaces: raw.access?.developerNamespaces ?? unique(["default", appNamespace, NAMESPACES.monitoring]),
    };
    problems.push(...accessProblems(access));
    const known = unique(["default", appNamespace, ...PLATFORM_NAMESPACE_NAMES, ...(toolbox ? [TOOLBOX_NAMESPACE] : [])]);
    // Namespaces whose pods the platform pulls from Docker Hub (the ingress controller, Grafana, Jaeger, the OpenSearch
    // mapping job, Hydra, the toolbox): without the secret there, those pulls are anonymous and rate-limited.
    const pullingFromDockerHub = unique([
        NAMESPACES.ingress,
        NAMESPACES.monitoring,
        NAMESPACES.observability,
        appNamespace,
        ...(toolbox ? [TOOLBOX_NAMESPACE] : []),
    ]);
    const pullSecretNamespaces =
        raw.dockerHub?.namespaces ??
        unique([
            "default",
            NAMESPACES.monitoring,
            NAMESPACES.logging,
            NAMESPACES.fluxSystem,
            NAMESPACES.ingress,
            NAMESPACES.observability,
            appNamespace,
            ...(toolbox ? [TOOLBOX_NAMESPACE] : []),
        ]);
    if (raw.access?.developerNamespaces) {
        checkNamespaceList(`${NS}:access.developerNamespaces`, access.developerNamespaces, known, problems);
        checkUnique(`${NS}:access.developerNamespaces`, access.developerNamespaces, problems);
    }
    if (raw.dockerHub?.namespaces) {
        checkNamespaceList(`${NS}:dockerHub.namespaces`, pullSecretNamespaces, known, problems);
        checkUnique(`${NS}:dockerHub.namespaces`, pullSecretNamespaces, problems);
        const lacking = pullingFromDockerHub.filter((n) => !pullSecretNamespaces.includes(n));
        if (lacking.length > 0) {
            const key = `${NS}:dockerHub.namespaces`;
            problems.push(
                problem(
                    key,
                    pullSecretNamespaces,
                    `leaves out ${lacking.join(", ")}, where the platform runs images from Docker Hub, which would then pull ` +
                        `anonymously and hit Docker Hub's rate limit. Add ${lacking.length > 1 ? "them" : "it"}.`,
                    { key, value: unique([...pullSecretNamespaces, ...lacking]) },
                ),
            );
        }
    }
    const emails = raw.alarms?.emails ?? defaults.alarms.emails;
    emails.forEach((address, i) => {
        const bad = email(address);
        if (bad) problems.push(problem(`${NS}:alarms.emails[${i}]`, address, bad.what, { key: `${NS}:alarms.emails[${i}]`, remove: true }));
    });
    checkUnique(`${NS}:alarms.emails`, emails, problems);
    return { access, pullSecretNamespaces };
}
