import * as aws from "@pulumi/aws";
import * as eks from "@pulumi/eks";
import * as k8s from "@pulumi/kubernetes";
import type { PolicyResource, PropsOf, Rule, StackView, Violation } from "../types";
import { asArray, isOfClass, violation } from "../view";

type PolicyRule = PropsOf<typeof k8s.rbac.v1.Role>["rules"];
type Binding = PolicyResource<PropsOf<typeof k8s.rbac.v1.RoleBinding | typeof k8s.rbac.v1.ClusterRoleBinding>>;

export const LOG_TYPES = ["api", "audit", "authenticator", "controllerManager", "scheduler"];
/** Tag on a launch template that documents why its pods need IMDS (a hop limit above 1). */
export const HOP_LIMIT_REASON_TAG = "platform/imds-hop-limit-reason";

/**
 * EKS versions and their end of standard support (UTC), from the EKS user guide's release calendar and
 * endoflife.date/amazon-eks, checked 2026-11-23. A version not listed fails E4: add its row when EKS releases it.
 */
export const EKS_STANDARD_SUPPORT: Record<string, { released: string; endOfStandardSupport: string }> = {
    "1.31": { released: "2024-09-26", endOfStandardSupport: "2025-11-26" },
    "1.32": { released: "2025-01-23", endOfStandardSupport: "2026-03-23" },
    "1.33": { released: "2025-05-29", endOfStandardSupport: "2026-07-29" },
    "1.34": { released: "2025-10-02", endOfStandardSupport: "2026-12-02" },
    "1.35": { released: "2026-01-28", endOfStandardSupport: "2027-03-27" },
};
/** E4 warns (advisory) this many days before a version leaves standard support. */
export const SUPPORT_WARNING_DAYS = 60;

const isTrue = (v: unknown) => v === true || v === "true";
const DAY = 24 * 60 * 60 * 1000;

/** What the rules need of a cluster, from the pulumi-eks component or a plain aws.eks.Cluster. */
interface ClusterFacts {
    r: PolicyResource<unknown>;
    name?: string;
    version?: string;
    privateAccess: boolean;
    publicAccess: boolean;
    publicCidrs: string[];
    keyArn?: string;
    logTypes: string[];
    authMode?: string;
    mappings: number;
}

/** True when `r`'s parent URN names an eks.Cluster component (the URN's type part, before the `::name`). */
function underEksComponent(r: PolicyResource<unknown>): boolean {
    const parentType = (r.parent ?? "").split("::")[2]?.split("$").pop();
    return parentType !== undefined && isOfClass(parentType, eks.Cluster);
}

/** Offline only the eks.Cluster component exists; under preview its aws:eks/cluster:Cluster child too, which is skipped. */
export function clusters(stack: StackView): ClusterFacts[] {
    const fromEks = stack.ofClass(eks.Cluster).map((r): ClusterFacts => {
        const p = r.props;
        const publicAccess = p.endpointPublicAccess === undefined ? true : isTrue(p.endpointPublicAccess);
        return {
            r,
            name: p.name,
            version: p.version,
            privateAccess: isTrue(p.endpointPrivateAccess),
            publicAccess,
            publicCidrs: publicAccess ? (asArray(p.publicAccessCidrs).length ? asArray(p.publicAccessCidrs) : ["0.0.0.0/0"]) : [],
            keyArn: p.encryptionConfigKeyArn,
            logTypes: asArray(p.enabledClusterLogTypes),
            authMode: p.authenticationMode,
            mappings: asArray(p.roleMappings).length + asArray(p.userMappings).length,
        };
    });
    const plain = stack
        .ofClass(aws.eks.Cluster)
        .filter((r) => !underEksComponent(r))
        .map((r): ClusterFacts => {
            const vpc = r.props.vpcConfig;
            const publicAccess = vpc?.endpointPublicAccess === undefined ? true : isTrue(vpc.endpointPublicAccess);
            const encryption = asArray(r.props.encryptionConfig).find((c) => asArray(c.resources).includes("secrets"));
            return {
                r,
                name: r.props.name,
                version: r.props.version,
                privateAccess: isTrue(vpc?.endpointPrivateAccess),
                publicAccess,
                publicCidrs: publicAccess ? (asArray(vpc?.publicAccessCidrs).length ? asArray(vpc?.publicAccessCidrs) : ["0.0.0.0/0"]) : [],
                keyArn: encryption?.provider?.keyArn,
                logTypes: asArray(r.props.enabledClusterLogTypes),
                authMode: r.props.accessConfig?.authenticationMode,
                mappings: 0,
            };
        });
    return [...fromEks, ...plain];
}

/** Rules an RBAC rule list breaks for developers: wildcards, secrets, exec/attach, privilege escalation verbs. */
export function forbiddenGrants(rules: PolicyRule): string[] {
    const found = new Set<string>();
    for (const rule of asArray(rules)) {
        const all = [...asArray(rule.apiGroups), ...asArray(rule.resources), ...asArray(rule.verbs)];
        if (all.includes("*")) found.add("a wildcard");
        if (asArray(rule.resources).includes("secrets")) found.add("secrets");
        for (const sub of ["pods/exec", "pods/attach"]) if (asArray(rule.resources).includes(sub)) found.add(sub);
        for (const verb of ["escalate", "bind", "impersonate"]) if (asArray(rule.verbs).includes(verb)) found.add(`the ${verb} verb`);
    }
    return [...found];
}

const groupSubjects = (binding: Binding) =>
    asArray(binding.props.subjects)
        .filter((s) => s.kind === "Group")
        .map((s) => s.name);

function e7(stack: StackView): Violation[] {
    const out: Violation[] = [];
    for (const c of clusters(stack)) {
        if (c.authMode !== "API")
            out.push(
                violation(
                    "E7",
                    c.r,
                    `authenticationMode is ${c.authMode ?? "unset (CONFIG_MAP)"}; use API from creation (pulumi/pulumi-eks#1291) and access entries, not aws-auth.`,
                ),
            );
        if (c.mappings > 0) out.push(violation("E7", c.r, "declares roleMappings/userMappings (aws-auth); use access entries."));
    }
    for (const cm of stack.ofClass(k8s.core.v1.ConfigMap, k8s.core.v1.ConfigMapPatch)) {
        if (cm.props.metadata?.name === "aws-auth")
            out.push(violation("E7", cm, "manages the aws-auth ConfigMap; use EKS access entries instead."));
    }
    const entries = stack.ofClass(aws.eks.AccessEntry);
    const groupPrincipals = new Set(entries.filter((e) => asArray(e.props.kubernetesGroups).length > 0).map((e) => e.props.principalArn));
    const groups = new Set(entries.flatMap((e) => asArray(e.props.kubernetesGroups)));
    for (const a of stack.ofClass(aws.eks.AccessPolicyAssociation)) {
        if (groupPrincipals.has(a.props.principalArn)) {
            out.push(
                violation(
                    "E7",
                    a,
                    `gives ${a.props.policyArn} to ${a.props.principalArn}, which maps to a developer group; developers get namespaced Roles only.`,
                ),
            );
        }
    }
    for (const crb of stack.ofClass(k8s.rbac.v1.ClusterRoleBinding)) {
        for (const g of groupSubjects(crb).filter((g) => groups.has(g)))
            out.push(violation("E7", crb, `binds access-entry group ${g} cluster-wide; use a RoleBinding per namespace.`));
    }
    for (const rb of stack.ofClass(k8s.rbac.v1.RoleBinding)) {
        const bound = groupSubjects(rb).filter((g) => groups.has(g));
        if (bound.length === 0) continue;
        const ref: Partial<NonNullable<typeof rb.props.roleRef>> = rb.props.roleRef ?? {};
        const role =
            ref.kind === "ClusterRole"
                ? stack.ofClass(k8s.rbac.v1.ClusterRole).find((r) => r.props.metadata?.name === ref.name)
                : stack
                      .ofClass(k8s.rbac.v1.Role)
                      .find((r) => r.props.metadata?.name === ref.name && r.props.metadata?.namespace === rb.props.metadata?.namespace);
        if (ref.kind === "ClusterRole" && ref.name !== undefined && ["cluster-admin", "admin", "edit"].includes(ref.name)) {
            out.push(
                violation(
                    "E7",
                    rb,
                    `binds ${bound.join(", ")} to the built-in ClusterRole ${ref.name}, which reads secrets and execs into pods.`,
                ),
            );
            continue;
        }
        const bad = role ? forbiddenGrants(role.props.rules) : [];
        if (bad.length > 0)
            out.push(violation("E7", role, `is bound to developer group ${bound.join(", ")} and grants ${bad.join(", ")}.`));
    }
    return out;
}

/** The cluster rules, with the date E4 compares against injectable for tests. */
export function makeClusterRules(today: () => Date = () => new Date()): Rule[] {
    return [
        {
            id: "E1",
            name: "e1-private-endpoint",
            enforcement: "mandatory",
            description:
                "Private API endpoint on; public endpoint off or limited to configured CIDRs, never 0.0.0.0/0 in prod (CIS 5.4.1/5.4.2).",
            check: (stack) =>
                clusters(stack).flatMap((c) => [
                    ...(!c.privateAccess ? [violation("E1", c.r, "private endpoint access is off; set endpointPrivateAccess: true.")] : []),
                    ...(c.publicAccess && stack.tier === "prod" && c.publicCidrs.some((x) => x === "0.0.0.0/0" || x === "::/0")
                        ? [
                              violation(
                                  "E1",
                                  c.r,
                                  "public endpoint is open to 0.0.0.0/0 in prod; set cluster.publicAccessCidrs to the office/VPN ranges or [] (private only).",
                              ),
                          ]
                        : []),
                ]),
        },
        {
            id: "E2",
            name: "e2-secrets-encryption",
            enforcement: "mandatory",
            description: "Kubernetes Secrets envelope-encrypted with a customer-managed KMS key with rotation on (CIS 5.3.1).",
            check(stack) {
                const out: Violation[] = [];
                for (const c of clusters(stack)) {
                    if (!c.keyArn)
                        out.push(
                            violation("E2", c.r, "has no secrets encryption; set encryptionConfigKeyArn to a customer-managed KMS key."),
                        );
                    else if (typeof c.keyArn === "string" && c.keyArn.includes(":alias/aws/"))
                        out.push(violation("E2", c.r, `encrypts with the AWS-managed ${c.keyArn}; use a customer-managed key.`));
                    // arn is an output, not an input: present only under preview once the key exists.
                    const key = stack
                        .ofClass(aws.kms.Key)
                        .find(
                            (k) =>
                                (k.props as { arn?: unknown }).arn === c.keyArn ||
                                (k.id !== undefined && String(c.keyArn).endsWith(`key/${k.id}`)),
                        );
                    if (key && !isTrue(key.props.enableKeyRotation))
                        out.push(violation("E2", key, "encrypts the cluster's secrets without rotation; set enableKeyRotation: true."));
                }
                return out;
            },
        },
        {
            id: "E3",
            name: "e3-control-plane-logs",
            enforcement: "mandatory",
            description: "All control-plane log types on, into a log group with retention (CIS 2.1.1).",
            check(stack) {
                const out: Violation[] = [];
                for (const c of clusters(stack)) {
                    const missing = LOG_TYPES.filter((t) => !c.logTypes.includes(t));
                    if (missing.length > 0)
                        out.push(
                            violation(
                                "E3",
                                c.r,
                                `control-plane log types ${missing.join(", ")} are off; enable all of ${LOG_TYPES.join(", ")}.`,
                            ),
                        );
                    const group = stack
                        .ofClass(aws.cloudwatch.LogGroup)
                        .find((g) => c.name !== undefined && g.props.name === `/aws/eks/${c.name}/cluster`);
                    if (!group || !(Number(group.props.retentionInDays) > 0)) {
                        out.push(
                            violation(
                                "E3",
                                c.r,
                                `no log group /aws/eks/${c.name ?? "<name>"}/cluster with retention is declared; EKS would create one that keeps logs forever.`,
                            ),
                        );
                    }
                }
                return out;
            },
        },
        {
            id: "E4",
            name: "e4-kubernetes-version-supported",
            enforcement: "mandatory",
            description: "Kubernetes version pinned and in EKS standard support (extended support costs 6x).",
            check: (stack) =>
                clusters(stack).flatMap((c) => {
                    const v = c.version;
                    if (typeof v !== "string" || !/^1\.\d+$/.test(v))
                        return [
                            violation(
                                "E4",
                                c.r,
                                `version ${v === undefined ? "is not pinned" : `"${v}" is not a minor version`}; pin it, e.g. "1.35".`,
                            ),
                        ];
                    const support = EKS_STANDARD_SUPPORT[v];
                    if (!support)
                        return [
                            violation(
                                "E4",
                                c.r,
                                `version ${v} is not in the policy pack's EKS calendar (policy/rules/cluster.ts); add its dates from the EKS release calendar.`,
                            ),
                        ];
                    if (today().getTime() >= Date.parse(`${support.endOfStandardSupport}T00:00:00Z`)) {
                        return [
                            violation(
                                "E4",
                                c.r,
                                `version ${v} left standard support on ${support.endOfStandardSupport}; extended support costs 6x. Upgrade one minor version at a time (docs/cluster.md).`,
                            ),
                        ];
                    }
                    return [];
                }),
        },
        {
            id: "E4",
            name: "e4-kubernetes-version-support-ending",
            enforcement: "advisory",
            description: `Kubernetes version leaves EKS standard support within ${SUPPORT_WARNING_DAYS} days.`,
            check: (stack) =>
                clusters(stack).flatMap((c) => {
                    const end = EKS_STANDARD_SUPPORT[c.version ?? ""]?.endOfStandardSupport;
                    const days = end ? Math.ceil((Date.parse(`${end}T00:00:00Z`) - today().getTime()) / DAY) : -1;
                    return days > 0 && days <= SUPPORT_WARNING_DAYS
                        ? [violation("E4", c.r, `version ${c.version} leaves standard support in ${days} days (${end}); plan the upgrade.`)]
                        : [];
                }),
        },
        {
            id: "E5",
            name: "e5-node-groups-ha",
            enforcement: "mandatory",
            description: "Node groups span >= 2 AZs; min <= desired <= max; min >= 2 outside dev.",
            check(stack) {
                const out: Violation[] = [];
                for (const ng of stack.ofClass(aws.eks.NodeGroup)) {
                    const subnets = asArray(ng.props.subnetIds);
                    const azs = new Set(subnets.map((id) => stack.byId(id, aws.ec2.Subnet)?.props.availabilityZone ?? id));
                    if (azs.size < 2) out.push(violation("E5", ng, `spans ${azs.size} AZ(s); give it a private subnet in at least 2 AZs.`));
                    const { minSize, desiredSize, maxSize }: Partial<NonNullable<typeof ng.props.scalingConfig>> =
                        ng.props.scalingConfig ?? {};
                    if (!(minSize <= desiredSize && desiredSize <= maxSize))
                        out.push(violation("E5", ng, `scaling ${minSize}/${desiredSize}/${maxSize} breaks min <= desired <= max.`));
                    if (stack.tier !== "dev" && !(minSize >= 2))
                        out.push(
                            violation(
                                "E5",
                                ng,
                                `minSize ${minSize} in ${stack.tier}; at least 2 nodes keep the group serving through a node loss.`,
                            ),
                        );
                }
                return out;
            },
        },
        {
            id: "E6",
            name: "e6-imdsv2",
            enforcement: "mandatory",
            description: "Nodes require IMDSv2 with hop limit 1 unless pods need IMDS (BPG; CKV_AWS_79).",
            check(stack) {
                const out: Violation[] = [];
                for (const ng of stack.ofClass(aws.eks.NodeGroup).filter((n) => !n.props.launchTemplate)) {
                    out.push(
                        violation(
                            "E6",
                            ng,
                            "has no launch template: EKS's default allows IMDSv1 with hop limit 2. Give it one with httpTokens required.",
                        ),
                    );
                }
                for (const lt of stack.ofClass(aws.ec2.LaunchTemplate)) {
                    const md: NonNullable<typeof lt.props.metadataOptions> = lt.props.metadataOptions ?? {};
                    if (md.httpTokens !== "required")
                        out.push(violation("E6", lt, "does not require IMDSv2; set metadataOptions.httpTokens: required."));
                    const hops = Number(md.httpPutResponseHopLimit ?? 1);
                    if (hops > 1 && !lt.props.tags?.[HOP_LIMIT_REASON_TAG]) {
                        out.push(
                            violation(
                                "E6",
                                lt,
                                `hop limit ${hops} lets pods reach the node role; use 1, or tag ${HOP_LIMIT_REASON_TAG} with the reason.`,
                            ),
                        );
                    }
                }
                return out;
            },
        },
        {
            id: "E7",
            name: "e7-access-entries-namespaced-developers",
            enforcement: "mandatory",
            description:
                "Access entries, not aws-auth; developers only through namespaced Roles: no cluster-wide binding, wildcards, secrets or pods/exec (CIS 4.1.x; KL).",
            check: e7,
        },
    ];
}

/** Rules of the cluster layer (E1-E7 in docs/policy.md). */
export const clusterRules: Rule[] = makeClusterRules();
