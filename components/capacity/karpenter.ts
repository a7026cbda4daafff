import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { KarpenterConfig } from "../../stacks/types";
import { vendoredChart } from "../charts";
import { nodeRole as createNodeRole } from "../cluster/nodes";
import { PodIdentityRole } from "../cluster/pod-identity";
import { controllerPolicy } from "./iam";
import { InterruptionQueue } from "./interruption";
import { OfficeHoursSleep } from "./sleep";
import { DISCOVERY_TAG, NODE_CLASS_NAME, NODE_POOL_NAME, karpenterValues, nodeClassSpec, nodePoolLimits, nodePoolSpec } from "./spec";

/** aws/karpenter-provider-aws 1.14.1, vendored (charts/charts.lock.json). */
const KARPENTER = vendoredChart("karpenter");
const KARPENTER_CRD = vendoredChart("karpenter-crd");
export const KARPENTER_VERSION = KARPENTER.version;
/** Upstream's namespace: system-cluster-critical pods are admitted there without a ResourceQuota. */
export const KARPENTER_NAMESPACE = "kube-system";
export const KARPENTER_SERVICE_ACCOUNT = "karpenter";

/** Arguments of {@link Karpenter}. */
export interface KarpenterArgs {
    clusterName: pulumi.Input<string>;
    clusterEndpoint: pulumi.Input<string>;
    /** The security group EKS gives managed nodes; Karpenter's nodes get it too (through the discovery tag). */
    nodeSecurityGroupId: pulumi.Input<string>;
    region: string;
    accountId: pulumi.Input<string>;
    /** NodePool and sleep settings, validated by stacks/. Plain: decides what exists. */
    settings: KarpenterConfig;
    /** Controller replicas: 1 in dev, 2 elsewhere. */
    replicas: number;
    /**
     * What the controller needs running before it starts and for as long as it runs: the system node group, its
     * add-ons (vpc-cni, kube-proxy, the Pod Identity agent, CoreDNS). Default: none.
     */
    systemCapacity?: pulumi.Resource[];
    tags?: Record<string, string>;
}

/**
 * Karpenter: workload nodes that follow the load. The controller (on the system node group) reaches AWS through EKS
 * Pod Identity with upstream's least-privilege policy; its nodes join as a role of their own with an EC2_LINUX access
 * entry; Spot and health interruptions reach it through an SQS queue. One EC2NodeClass and one NodePool per stack.
 *
 * Destroy order: the NodePool and EC2NodeClass depend on the controller's release, so `destroy` deletes them first,
 * while the controller still runs and terminates their instances (the NodePool's finalizer waits for that); the
 * release depends on the queue, its role, the node role's access entry and the system group, which therefore outlive it.
 */
export class Karpenter extends pulumi.ComponentResource {
    /** The NodePool and EC2NodeClass: put them in `dependsOn` of everything whose pods run on Karpenter's nodes. */
    public readonly capacity: pulumi.Resource[];
    public readonly nodeRoleArn: pulumi.Output<string>;
    public readonly interruptionQueueName: pulumi.Output<string>;
    public readonly controllerRoleArn: pulumi.Output<string>;

    constructor(name: string, args: KarpenterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:capacity:Karpenter", name, {}, opts);
        const child = { parent: this };
        const clusterName = pulumi.output(args.clusterName);

        const { role: nodeRole, attachments } = createNodeRole(name, `Nodes Karpenter launches for ${name}`, args.tags, this);
        // Unlike a managed node group's role, nothing creates this entry for us.
        const accessEntry = new aws.eks.AccessEntry(
            `${name}-node`,
            { clusterName, principalArn: nodeRole.arn, type: "EC2_LINUX", tags: args.tags },
            child,
        );
        // Karpenter's nodes take the cluster security group, as the managed nodes do: what the data stores and the ALB admit.
        const sgTag = new aws.ec2.Tag(
            `${name}-sg-discovery`,
            { resourceId: args.nodeSecurityGroupId, key: DISCOVERY_TAG, value: clusterName },
            child,
        );

        const queue = new InterruptionQueue(`${name}-interruption`, { queueName: clusterName, tags: args.tags }, child);
        const controller = new PodIdentityRole(
            `${name}-controller`,
            {
                clusterName,
                namespace: KARPENTER_NAMESPACE,
                serviceAccount: KARPENTER_SERVICE_ACCOUNT,
                policyDocuments: [
                    pulumi
                        .all([args.accountId, clusterName, nodeRole.arn, queue.queueArn])
                        .apply(([accountId, cluster, nodeRoleArn, queueArn]) =>
                            JSON.stringify(
                                controllerPolicy({
                                    partition: queueArn.split(":")[1] ?? "aws",
                                    region: args.region,
                                    accountId,
                                    clusterName: cluster,
                                    nodeRoleArn,
                                    interruptionQueueArn: queueArn,
                                }),
                            ),
                        ),
                ],
            },
            child,
        );

        const system = args.systemCapacity ?? [];
        // CRDs as templates of their own release: Helm upgrades them with the chart (a chart's crds/ folder is installed once).
        const crds = new k8s.helm.v3.Release(
            `${name}-crd`,
            {
                name: "karpenter-crd",
                chart: KARPENTER_CRD.chart,
                version: KARPENTER_CRD.version,
                namespace: KARPENTER_NAMESPACE,
                createNamespace: false,
                timeout: 300,
                maxHistory: 10,
            },
            { parent: this, dependsOn: system },
        );
        const release = new k8s.helm.v3.Release(
            `${name}-release`,
            {
                name: "karpenter",
                chart: KARPENTER.chart,
                version: KARPENTER.version,
                namespace: KARPENTER_NAMESPACE,
                createNamespace: false,
                values: pulumi.all([clusterName, args.clusterEndpoint, queue.queueName]).apply(([cluster, endpoint, queueName]) =>
                    karpenterValues({
                        clusterName: cluster,
                        clusterEndpoint: endpoint,
                        interruptionQueue: queueName,
                        replicas: args.replicas,
                        serviceAccount: KARPENTER_SERVICE_ACCOUNT,
                    }),
                ),
                skipCrds: true,
                // Awaited: the NodePool is only useful once the controller runs, and its webhook-free CRDs accept objects at once.
                timeout: 600,
                maxHistory: 10,
                // The queue flows in through the values too; named here so the destroy order does not rest on that alone.
            },
            { parent: this, dependsOn: [...system, crds, controller, accessEntry, ...attachments, queue] },
        );

        const nodeClass = new k8s.apiextensions.CustomResource(
            `${name}-node-class`,
            {
                apiVersion: "karpenter.k8s.aws/v1",
                kind: "EC2NodeClass",
                metadata: { name: NODE_CLASS_NAME },
                spec: pulumi
                    .all([clusterName, nodeRole.name])
                    .apply(([cluster, nodeRoleName]) => nodeClassSpec({ clusterName: cluster, nodeRoleName, tags: args.tags })),
            },
            { parent: this, dependsOn: [release, sgTag] },
        );
        const nodePool = new k8s.apiextensions.CustomResource(
            `${name}-node-pool`,
            {
                apiVersion: "karpenter.sh/v1",
                kind: "NodePool",
                metadata: { name: NODE_POOL_NAME },
                spec: nodePoolSpec(args.settings),
            },
            // Asleep, the limits are the sleep CronJob's to set (0 at night, the configured ones at wake): Pulumi owning
            // them would report drift every night and undo the sleep on any `up` out of hours.
            { parent: this, dependsOn: [release, nodeClass], ...nodePoolOptions(args.settings) },
        );
        if (args.settings.sleepOutOfHours) {
            new OfficeHoursSleep(
                `${name}-sleep`,
                {
                    namespace: KARPENTER_NAMESPACE,
                    hours: args.settings.officeHours,
                    limits: nodePoolLimits(args.settings),
                },
                { parent: this, dependsOn: [nodePool] },
            );
        }

        this.capacity = [nodeClass, nodePool];
        this.nodeRoleArn = nodeRole.arn;
        this.interruptionQueueName = queue.queueName;
        this.controllerRoleArn = controller.roleArn;
        this.registerOutputs({
            nodeRoleArn: this.nodeRoleArn,
            interruptionQueueName: this.interruptionQueueName,
            controllerRoleArn: this.controllerRoleArn,
        });
    }
}

/** Options of the NodePool: while dev sleeps out of hours, its CronJobs own `spec.limits`, not Pulumi. */
export function nodePoolOptions(settings: Pick<KarpenterConfig, "sleepOutOfHours">): pulumi.CustomResourceOptions {
    return settings.sleepOutOfHours ? { ignoreChanges: ["spec.limits"] } : {};
}
