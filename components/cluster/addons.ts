import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import { PodIdentityRole } from "./pod-identity";

/** Pinned versions of the EKS managed add-ons. */
export interface AddonVersions {
    vpcCni: string;
    kubeProxy: string;
    coredns: string;
    podIdentityAgent: string;
    ebsCsiDriver: string;
    cloudwatchObservability: string;
}

/**
 * Add-on versions per Kubernetes minor version. kube-proxy follows the control plane's minor version, so the table is
 * keyed by it: an upgrade adds a row (from `aws eks describe-addon-versions --kubernetes-version <v> --addon-name <a>`)
 * and bumps cluster.version, one minor at a time (docs/cluster.md).
 */
export const ADDON_VERSIONS: Record<string, AddonVersions> = {
    "1.35": {
        vpcCni: "v1.21.1-eksbuild.3",
        kubeProxy: "v1.35.0-eksbuild.2",
        coredns: "v1.13.2-eksbuild.1",
        podIdentityAgent: "v1.3.10-eksbuild.3",
        ebsCsiDriver: "v1.57.1-eksbuild.1",
        // Published for 1.35 (the per-minor add-on table of a public aws-eks-v2 CDK project pins it for 1.31-1.35;
        // reported as the default build for 1.36 on 2026-08-08); the add-on is helm-charts' amazon-cloudwatch-observability
        // chart 6.4.0 (aws-observability/helm-charts, "release v6.4.0", 2026-08-06), whose values.yaml the
        // configuration below was checked against.
        cloudwatchObservability: "v6.4.0-eksbuild.1",
    },
};

export function addonVersionsFor(kubernetesVersion: string): AddonVersions {
    const versions = ADDON_VERSIONS[kubernetesVersion];
    if (!versions) {
        throw new Error(
            `platform:cluster.version: "${kubernetesVersion}" has no pinned add-on versions. Add a row for it to ADDON_VERSIONS in ` +
                `components/cluster/addons.ts (known: ${Object.keys(ADDON_VERSIONS).join(", ")}), or use one of those versions.`,
        );
    }
    return versions;
}

/** The VPC CNI enforces Kubernetes NetworkPolicies (K8) only with its network policy agent turned on. */
export const VPC_CNI_CONFIGURATION = { enableNetworkPolicy: "true" };

export const EBS_CSI_POLICY_ARN = "arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy";

/**
 * The policy AWS's add-on page names for the agent (metric data, its log groups and streams, node metadata). A
 * hand-written copy would have to follow every agent release; this role is the agent's alone, so the breadth stays
 * inside the amazon-cloudwatch/cloudwatch-agent service account.
 */
export const CLOUDWATCH_AGENT_POLICY_ARN = "arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy";

/** The add-on's namespace and the service account its agent and operator run as (fixed by the add-on). */
export const CLOUDWATCH_NAMESPACE = "amazon-cloudwatch";
export const CLOUDWATCH_SERVICE_ACCOUNT = "cloudwatch-agent";

/**
 * Configuration of amazon-cloudwatch-observability (keys of its chart 6.4.0 values.yaml):
 * - containerLogs off: its Fluent Bit DaemonSet would ship every container's logs to CloudWatch Logs at $0.50/GB, a
 *   second copy of what the observability layer's Fluent Bit already sends to OpenSearch.
 * - the classic agent pipeline with enhanced observability off: the standard Container Insights metrics the dashboard
 *   reads (ContainerInsights namespace), billed as custom metrics, not per observation for every pod and container;
 *   no application_signals section, so Application Signals collects nothing (traces go to Jaeger).
 * - OTel Container Insights off (its default since 6.2.0, after 6.0.0 turned it on): it publishes differently named
 *   metrics and deploys kube-state-metrics and node-exporter, which kube-prometheus-stack already runs.
 */
export const CLOUDWATCH_OBSERVABILITY_CONFIGURATION = {
    containerLogs: { enabled: false },
    otelContainerInsights: { enabled: false },
    agent: { config: { logs: { metrics_collected: { kubernetes: { enhanced_container_insights: false } } } } },
};

function addon(
    name: string,
    clusterName: pulumi.Input<string>,
    addonName: string,
    addonVersion: string,
    opts: pulumi.CustomResourceOptions,
    extra: Partial<aws.eks.AddonArgs> = {},
): aws.eks.Addon {
    return new aws.eks.Addon(
        name,
        {
            clusterName,
            addonName,
            addonVersion,
            // The program owns the add-on configuration: a drifted field is put back rather than kept.
            resolveConflictsOnCreate: "OVERWRITE",
            resolveConflictsOnUpdate: "OVERWRITE",
            ...extra,
        },
        opts,
    );
}

/**
 * Add-ons a node needs before it can become Ready: the cluster is created without the self-managed defaults
 * (bootstrapSelfManagedAddons false), so without these no node ever gets a pod network.
 */
export function bootstrapAddons(
    name: string,
    clusterName: pulumi.Input<string>,
    versions: AddonVersions,
    parent: pulumi.Resource,
): aws.eks.Addon[] {
    const opts = { parent };
    return [
        addon(`${name}-vpc-cni`, clusterName, "vpc-cni", versions.vpcCni, opts, {
            configurationValues: JSON.stringify(VPC_CNI_CONFIGURATION),
        }),
        addon(`${name}-kube-proxy`, clusterName, "kube-proxy", versions.kubeProxy, opts),
        addon(`${name}-pod-identity-agent`, clusterName, "eks-pod-identity-agent", versions.podIdentityAgent, opts),
    ];
}

export interface WorkloadAddons {
    coredns: aws.eks.Addon;
    ebsCsi: aws.eks.Addon;
    ebsCsiRole: PodIdentityRole;
    storageClass: k8s.storage.v1.StorageClass;
}

/**
 * Add-ons that run as Deployments and only become ACTIVE once nodes exist (hence `nodes` as dependencies), plus the
 * encrypted gp3 default StorageClass. EKS has not annotated its gp2 class as default since 1.30, so nothing has to be
 * taken away from gp2; it stays for anything that names it.
 */
export function workloadAddons(
    name: string,
    clusterName: pulumi.Input<string>,
    versions: AddonVersions,
    parent: pulumi.Resource,
    nodes: pulumi.Resource[],
    provider: k8s.Provider,
): WorkloadAddons {
    const coredns = addon(`${name}-coredns`, clusterName, "coredns", versions.coredns, { parent, dependsOn: nodes });
    const ebsCsiRole = new PodIdentityRole(
        `${name}-ebs-csi`,
        {
            clusterName,
            namespace: "kube-system",
            serviceAccount: "ebs-csi-controller-sa",
            managedPolicyArns: [EBS_CSI_POLICY_ARN],
        },
        { parent },
    );
    const ebsCsi = addon(`${name}-ebs-csi-driver`, clusterName, "aws-ebs-csi-driver", versions.ebsCsiDriver, {
        parent,
        dependsOn: [...nodes, ebsCsiRole],
    });
    const storageClass = new k8s.storage.v1.StorageClass(
        `${name}-gp3`,
        {
            metadata: { name: "gp3", annotations: { "storageclass.kubernetes.io/is-default-class": "true" } },
            provisioner: "ebs.csi.aws.com",
            parameters: { type: "gp3", encrypted: "true", "csi.storage.k8s.io/fstype": "ext4" },
            reclaimPolicy: "Delete",
            // Bind where the pod lands, so the volume is created in that pod's AZ.
            volumeBindingMode: "WaitForFirstConsumer",
            allowVolumeExpansion: true,
        },
        { parent, provider, dependsOn: [ebsCsi] },
    );
    return { coredns, ebsCsi, ebsCsiRole, storageClass };
}

export interface ObservabilityAddon {
    addon: aws.eks.Addon;
    role: PodIdentityRole;
    /** The log group the agent writes its performance events to, declared so that it has a retention. */
    performanceLogs: aws.cloudwatch.LogGroup;
}

/**
 * Container Insights through the amazon-cloudwatch-observability add-on: a DaemonSet agent (so after the nodes, like
 * CoreDNS) with its own Pod Identity role. Its namespace, amazon-cloudwatch, is the add-on's own: the tenancy layer does
 * not manage it, so it has no default-deny NetworkPolicy and EKS's default Pod Security (privileged), which the agent's
 * hostPath mounts need.
 */
export function observabilityAddon(
    name: string,
    clusterName: pulumi.Input<string>,
    physicalName: string,
    version: string,
    parent: pulumi.Resource,
    nodes: pulumi.Resource[],
    logRetentionDays: number,
    tags?: Record<string, string>,
): ObservabilityAddon {
    // The agent creates this group without a retention when it is missing (kept for ever); declared first, it is ours.
    const performanceLogs = new aws.cloudwatch.LogGroup(
        `${name}-container-insights`,
        {
            name: `/aws/containerinsights/${physicalName}/performance`,
            retentionInDays: logRetentionDays,
            tags,
        },
        { parent },
    );
    const role = new PodIdentityRole(
        `${name}-cloudwatch`,
        {
            clusterName,
            namespace: CLOUDWATCH_NAMESPACE,
            serviceAccount: CLOUDWATCH_SERVICE_ACCOUNT,
            managedPolicyArns: [CLOUDWATCH_AGENT_POLICY_ARN],
        },
        { parent },
    );
    const addon = new aws.eks.Addon(
        `${name}-cloudwatch-observability`,
        {
            clusterName,
            addonName: "amazon-cloudwatch-observability",
            addonVersion: version,
            resolveConflictsOnCreate: "OVERWRITE",
            resolveConflictsOnUpdate: "OVERWRITE",
            configurationValues: JSON.stringify(CLOUDWATCH_OBSERVABILITY_CONFIGURATION),
            tags,
        },
        { parent, dependsOn: [...nodes, role, performanceLogs] },
    );
    return { addon, role, performanceLogs };
}
