import type * as pulumi from "@pulumi/pulumi";
import { roleOfSession } from "../../stacks/predicates";
import type { NodeGroupConfig } from "../../stacks/types";

/** Every control-plane log type EKS offers (CIS 2.1.1). */
export const CLUSTER_LOG_TYPES = ["api", "audit", "authenticator", "controllerManager", "scheduler"];

export const CLUSTER_ADMIN_POLICY_ARN = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy";
/**
 * CI preview roles: get/list/watch on everything, Secrets included (Helm's release records), and no write verb. A
 * server-side-apply preview needs `patch` (pulumi/pulumi-kubernetes#2213); without it the provider previews client-side
 * (pulumi/pulumi-kubernetes#2419), which is what a role that runs pull requests' code should settle for.
 */
export const PREVIEW_POLICY_ARN = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSAdminViewPolicy";

/**
 * IMDSv2 hop limit of the nodes. 1 keeps every pod that is not on the host network away from the instance metadata
 * service and so from the node role: pods get AWS credentials only from EKS Pod Identity. Nothing here needs IMDS from
 * a pod: the EBS CSI driver falls back to the Kubernetes API for its metadata, and the agents that do need IMDS
 * (aws-node, kube-proxy, the Pod Identity agent) run on the host network where the hop limit does not apply.
 */
export const IMDS_HOP_LIMIT = 1;

/** AWS managed policies of the node role. The CNI policy stays on the node role: see docs/cluster.md ("Node role"). */
export const NODE_POLICY_ARNS = [
    "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy",
    "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly",
    "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy",
    // Shell access through SSM Session Manager instead of SSH: no key pair, no port 22 (N4).
    "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
];

/**
 * The IAM principal ARN behind an STS caller ARN: `arn:aws:sts::123:assumed-role/Name/session` becomes
 * `arn:aws:iam::123:role/Name` (the form access entries take). Other ARNs (roles, users) are returned unchanged.
 * An assumed-role ARN does not carry the role's path, so a role with a path (SSO roles live under
 * aws-reserved/sso.amazonaws.com/) comes out without it; look it up with `aws iam get-role` when that matters.
 */
export function roleArnOf(callerArn: string): string {
    return roleOfSession(callerArn) ?? callerArn;
}

/** API endpoint exposure: private always (E1); public only when CIDRs are configured, and then only to them. */
export function endpointAccess(publicAccessCidrs: string[]): {
    endpointPrivateAccess: boolean;
    endpointPublicAccess: boolean;
    publicAccessCidrs?: string[];
} {
    return publicAccessCidrs.length > 0
        ? { endpointPrivateAccess: true, endpointPublicAccess: true, publicAccessCidrs: [...publicAccessCidrs] }
        : { endpointPrivateAccess: true, endpointPublicAccess: false };
}

/**
 * Options of the eks.Cluster: `protect` outside dev (D6), and the control-plane log group first so that EKS writes
 * into the group we declared (with retention) rather than creating its own without one.
 */
export function eksClusterOptions(protect: boolean, parent: pulumi.Resource, logGroup: pulumi.Resource): pulumi.ComponentResourceOptions {
    return { parent, protect, dependsOn: [logGroup] };
}

/**
 * Taint of every managed node group: they are the system group (Karpenter, CoreDNS, the add-on controllers, which all
 * tolerate it); everything else waits for Karpenter's nodes. A taint is changed in place (UpdateNodegroupConfig).
 */
export const SYSTEM_TAINT = { key: "CriticalAddonsOnly", value: "true", effect: "NO_SCHEDULE" };

/** Scaling, capacity, labels and the system taint of one managed node group, straight from config. */
export function nodeGroupSettings(group: NodeGroupConfig) {
    return {
        capacityType: group.capacityType,
        instanceTypes: [...group.instanceTypes],
        scalingConfig: { minSize: group.minSize, desiredSize: group.desiredSize, maxSize: group.maxSize },
        // One node at a time: with min >= 2 the rest keep serving while a node is replaced.
        updateConfig: { maxUnavailable: 1 },
        labels: { "platform/node-group": group.name, "platform/capacity-type": group.capacityType.toLowerCase() },
        taints: [SYSTEM_TAINT],
    };
}

/** A stable, readable key for an IAM principal: its name, plus the account when two principals share a name. */
export function principalKeys(arns: string[]): Map<string, string> {
    const nameOf = (arn: string) => arn.split("/").pop() ?? arn;
    const accountOf = (arn: string) => arn.split(":")[4] ?? "";
    const keys = new Map<string, string>();
    for (const arn of arns) {
        const clash = arns.some((other) => other !== arn && nameOf(other) === nameOf(arn));
        keys.set(arn, clash ? `${nameOf(arn)}-${accountOf(arn)}` : nameOf(arn));
    }
    return keys;
}
