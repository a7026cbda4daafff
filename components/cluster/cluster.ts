import * as aws from "@pulumi/aws";
import * as eks from "@pulumi/eks";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { AccessConfig, ClusterConfig } from "../../stacks/types";
import { createAccessEntries } from "./access-entries";
import { addonVersionsFor, bootstrapAddons, observabilityAddon, workloadAddons } from "./addons";
import { createNodeGroups } from "./nodes";
import { CLUSTER_LOG_TYPES, eksClusterOptions, endpointAccess, roleArnOf } from "./options";

/** Arguments of {@link Cluster}. */
export interface ClusterArgs {
    /** Physical EKS cluster name, e.g. platform-dev; also names the control-plane log group. */
    clusterName: string;
    vpcId: pulumi.Input<string>;
    /** Private subnets, one per AZ: control-plane ENIs and every node go there, never in a public subnet. */
    privateSubnetIds: pulumi.Input<string[]>;
    /** Version, public endpoint CIDRs, log retention and node groups, validated by stacks/. Plain: decides what exists. */
    settings: ClusterConfig;
    /** Admin and developer IAM roles. */
    access: AccessConfig;
    /** Customer-managed KMS key (rotation on) for envelope encryption of Kubernetes Secrets (E2). */
    secretsKmsKeyArn: pulumi.Input<string>;
    /** `protect` the EKS cluster and turn on its deletion protection (outside dev, D6). */
    protect: boolean;
    /** KMS key for the control-plane log group; default: CloudWatch's own encryption. */
    logKmsKeyArn?: pulumi.Input<string>;
    /**
     * Security groups whose members may reach the private API endpoint on 443 (the Client VPN's), so kubectl works
     * over the VPN where the public endpoint is off (prod). Plain-length list: one rule each. Default: none.
     */
    apiClientSecurityGroupIds?: pulumi.Input<string>[];
    /** Tags for the AWS resources of the cluster (the provider's default tags apply as well). */
    tags?: Record<string, string>;
}

/** What {@link Cluster.admitToNodes} admits: one peer security group on one TCP port. */
export interface NodeAdmission {
    /** The group whose members may connect (e.g. the ALB's). */
    peerSecurityGroupId: pulumi.Input<string>;
    port: number;
    /** Why the port is open, as the rule's description. */
    description: string;
}

/**
 * The environment's EKS cluster: the control plane through @pulumi/eks (API authentication mode from creation,
 * pulumi/pulumi-eks#1291; no aws-auth, no OIDC provider: Pod Identity instead), managed node groups, pinned EKS add-ons,
 * access entries, and the Kubernetes provider every Kubernetes object of the program uses.
 */
export class Cluster extends pulumi.ComponentResource {
    /** Kubernetes provider for this cluster (server-side apply on). Give it to every Kubernetes object. */
    public readonly provider: k8s.Provider;
    public readonly clusterName: pulumi.Output<string>;
    public readonly endpoint: pulumi.Output<string>;
    /** Kubeconfig (JSON) that runs `aws eks get-token`; secret. */
    public readonly kubeconfig: pulumi.Output<string>;
    /** Security group EKS attaches to managed nodes (and so to pods): what data stores admit. */
    public readonly clusterSecurityGroupId: pulumi.Output<string>;
    public readonly nodeRoleArn: pulumi.Output<string>;
    public readonly nodeGroupAsgNames: pulumi.Output<string[]>;
    public readonly nodeGroupCount: number;
    public readonly kubernetesVersion: string;
    /** The role running this deployment, as an IAM role ARN; EKS made the cluster's creator an admin. */
    public readonly deployerRoleArn: pulumi.Output<string>;
    /**
     * What a pod needs to be scheduled and to start: every node group and the add-ons pods rely on (vpc-cni,
     * kube-proxy, the Pod Identity agent, CoreDNS). Put it in `dependsOn` of every layer that runs pods: the namespaces
     * exist seconds after the control plane, the nodes minutes later, and an awaited release would time out meanwhile.
     */
    public readonly workloadCapacity: pulumi.Resource[];
    /**
     * The EBS CSI add-on and the gp3 StorageClass. Put it in `dependsOn` of everything that makes an EBS volume (PVCs,
     * StatefulSets with volumeClaimTemplates, charts that make them): `destroy` then deletes those while the driver
     * still runs, so the volumes are deleted rather than left billing.
     */
    public readonly storageDriver: pulumi.Resource[];
    /**
     * The amazon-cloudwatch-observability add-on is installed (settings.containerInsights): Container Insights metrics
     * exist for this cluster. Give the monitoring layer its cluster section only then, or its EKS widgets stay empty.
     */
    public readonly containerInsights: boolean;
    /** Prefix of the children's names (the component's name). */
    private readonly childPrefix: string;

    constructor(name: string, args: ClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:cluster:Cluster", name, {}, opts);
        const { settings } = args;
        this.childPrefix = name;
        // Validate before declaring anything: an unknown version fails here, with the fix in the message.
        const versions = addonVersionsFor(settings.version);

        // EKS writes control-plane logs to this group; declared first, it gets a retention (E3) and optionally a key.
        const logGroup = new aws.cloudwatch.LogGroup(
            `${name}-control-plane`,
            {
                name: `/aws/eks/${args.clusterName}/cluster`,
                retentionInDays: settings.logRetentionDays,
                kmsKeyId: args.logKmsKeyArn,
                tags: args.tags,
            },
            { parent: this },
        );

        const cluster = new eks.Cluster(
            `${name}-eks`,
            {
                name: args.clusterName,
                version: settings.version,
                vpcId: args.vpcId,
                privateSubnetIds: args.privateSubnetIds,
                ...endpointAccess(settings.publicAccessCidrs),
                authenticationMode: eks.AuthenticationMode.Api,
                encryptionConfigKeyArn: args.secretsKmsKeyArn,
                enabledClusterLogTypes: CLUSTER_LOG_TYPES,
                skipDefaultNodeGroup: true,
                // Managed nodes use the security group EKS creates; pulumi-eks's own groups would only serve self-managed nodes.
                skipDefaultSecurityGroups: true,
                createOidcProvider: false,
                // Every add-on is an aws.eks.Addon below, pinned; none is installed behind our back.
                bootstrapSelfManagedAddons: false,
                useDefaultVpcCni: true,
                corednsAddonOptions: { enabled: false },
                kubeProxyAddonOptions: { enabled: false },
                // Protected tiers take extended support over a forced upgrade at the end of standard support (E4 warns
                // 60 days before); dev takes the upgrade rather than silently paying 6x for the control plane.
                upgradePolicy: { supportType: args.protect ? "EXTENDED" : "STANDARD" },
                deletionProtection: args.protect,
                tags: args.tags,
            },
            eksClusterOptions(args.protect, this, logGroup),
        );

        const clusterName = cluster.eksCluster.name;
        const access = createAccessEntries(name, clusterName, args.access, this, args.tags);
        // After the admin entries: a deployer that is an admin role but not the cluster's creator can then apply objects
        // in the same `pulumi up` that grants it access.
        this.provider = new k8s.Provider(
            `${name}-k8s`,
            {
                kubeconfig: cluster.kubeconfigJson,
                enableServerSideApply: true,
            },
            { parent: this, dependsOn: access.adminPolicies },
        );

        const early = bootstrapAddons(name, clusterName, versions, this);
        const nodes = createNodeGroups(
            name,
            {
                clusterName,
                version: settings.version,
                subnetIds: args.privateSubnetIds,
                groups: settings.nodeGroups,
                tags: args.tags,
                dependsOn: early,
            },
            this,
        );
        const workload = workloadAddons(name, clusterName, versions, this, nodes.groups, this.provider);
        this.workloadCapacity = [...early, ...nodes.groups, workload.coredns];
        this.storageDriver = [workload.ebsCsi, workload.storageClass];
        if (settings.containerInsights) {
            observabilityAddon(
                name,
                clusterName,
                args.clusterName,
                versions.cloudwatchObservability,
                this,
                nodes.groups,
                settings.logRetentionDays,
                args.tags,
            );
        }
        this.containerInsights = settings.containerInsights;

        this.clusterName = clusterName;
        this.endpoint = cluster.eksCluster.endpoint;
        this.kubeconfig = pulumi.secret(cluster.kubeconfigJson);
        this.clusterSecurityGroupId = cluster.eksCluster.vpcConfig.clusterSecurityGroupId;
        (args.apiClientSecurityGroupIds ?? []).forEach((source, i) => {
            new aws.vpc.SecurityGroupIngressRule(
                `${name}-api-client-${i}`,
                {
                    securityGroupId: this.clusterSecurityGroupId,
                    referencedSecurityGroupId: source,
                    ipProtocol: "tcp",
                    fromPort: 443,
                    toPort: 443,
                    description: "Kubernetes API from the Client VPN",
                },
                { parent: this },
            );
        });
        this.nodeRoleArn = nodes.role.arn;
        this.nodeGroupAsgNames = pulumi
            .all(nodes.groups.map((g) => g.resources))
            .apply((all) => all.flatMap((resources) => resources.flatMap((r) => (r.autoscalingGroups ?? []).map((asg) => asg.name))));
        this.nodeGroupCount = nodes.groups.length;
        this.kubernetesVersion = settings.version;
        this.deployerRoleArn = aws.getCallerIdentityOutput({}, { parent: this }).arn.apply(roleArnOf);
        this.registerOutputs({
            clusterName: this.clusterName,
            endpoint: this.endpoint,
            clusterSecurityGroupId: this.clusterSecurityGroupId,
            nodeRoleArn: this.nodeRoleArn,
            nodeGroupAsgNames: this.nodeGroupAsgNames,
        });
    }

    /**
     * Admits a peer group to the nodes on one TCP port: a rule on the cluster's security group, which the cluster owns
     * and so declares every rule on (`${name}-<role>`, a child of the cluster). For a group built after the cluster, such
     * as the ALB's: call this from index.ts once that group exists. `aliases` keeps a rule moved here from elsewhere.
     */
    public admitToNodes(
        role: string,
        admission: NodeAdmission,
        opts?: { aliases?: pulumi.Input<pulumi.Alias | string>[] },
    ): aws.vpc.SecurityGroupIngressRule {
        return new aws.vpc.SecurityGroupIngressRule(
            `${this.childPrefix}-${role}`,
            {
                securityGroupId: this.clusterSecurityGroupId,
                referencedSecurityGroupId: admission.peerSecurityGroupId,
                ipProtocol: "tcp",
                fromPort: admission.port,
                toPort: admission.port,
                description: admission.description,
            },
            { parent: this, aliases: opts?.aliases },
        );
    }
}
