import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { KafkaConfig } from "../../stacks/types";
import { clientOnlySecurityGroup } from "./security-group";

/** SASL/IAM over TLS, from inside the VPC. 9094 (TLS with mTLS or no auth) stays closed: IAM is the only client auth. */
export const KAFKA_IAM_PORT = 9098;

/** Arguments of {@link Kafka}. */
export interface KafkaArgs {
    /** VPC of the brokers' security group. */
    vpcId: pulumi.Input<string>;
    /** Private subnets, one per AZ; brokerCount must be a multiple of their number (stacks/ checks it). */
    subnetIds: pulumi.Input<string[]>;
    /** Security groups allowed to reach 9098, e.g. [the EKS cluster security group]. */
    clientSecurityGroupIds: pulumi.Input<string>[];
    /** Customer-managed key for data at rest (a KmsKey of purpose "msk"). */
    kmsKeyArn: pulumi.Input<string>;
    /** The kafka layer of the stack's config, already validated by stacks/. */
    settings: KafkaConfig;
    /** `protect` the cluster (outside dev): a replaced cluster loses every topic. */
    protect: boolean;
    /** Retention of the broker log group, in days. */
    logRetentionDays: number;
    /** KMS key for the broker log group (its policy must admit logs.<region>.amazonaws.com). Default: CloudWatch's own. */
    logKmsKeyArn?: pulumi.Input<string>;
}

/**
 * server.properties for the cluster's configuration. Topics are declared, never created by a typo in a producer;
 * replication follows the broker count (3 copies at most) and min.insync.replicas leaves one replica of slack, so a
 * rolling broker restart (every MSK patch) never blocks acks=all producers.
 */
export function kafkaServerProperties(brokerCount: number): string {
    const replication = Math.min(3, brokerCount);
    const minInsync = Math.max(1, Math.min(2, replication - 1));
    return [
        "auto.create.topics.enable=false",
        `default.replication.factor=${replication}`,
        `min.insync.replicas=${minInsync}`,
        "unclean.leader.election.enable=false",
        "delete.topic.enable=true",
        "log.retention.hours=168",
    ].join("\n");
}

/**
 * Provisioned MSK: brokers spread over the private subnets, TLS everywhere, KMS at rest, IAM client auth only,
 * broker logs in CloudWatch (D4). Clients reach 9098 from the client security groups only.
 */
export class Kafka extends pulumi.ComponentResource {
    /** Bootstrap string for SASL/IAM clients (port 9098): what the apps use. */
    public readonly bootstrapBrokersIam: pulumi.Output<string>;
    /** TLS bootstrap string (9094). Expect it empty: with IAM-only auth MSK returns none (terraform-provider-aws#26828). */
    public readonly bootstrapBrokersTls: pulumi.Output<string>;
    public readonly clusterArn: pulumi.Output<string>;
    public readonly clusterName: pulumi.Output<string>;
    public readonly securityGroupId: pulumi.Output<string>;

    constructor(name: string, args: KafkaArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:data:Kafka", name, {}, opts);
        const child = { parent: this };
        const settings = args.settings;

        const sg = clientOnlySecurityGroup(this, `${name}-brokers`, {
            vpcId: args.vpcId,
            port: KAFKA_IAM_PORT,
            clientSecurityGroupIds: args.clientSecurityGroupIds,
            service: "Kafka brokers (SASL/IAM)",
        });
        // The /aws/vendedlogs/ prefix keeps MSK's log delivery from growing the account's 5,120-character logs
        // resource policy, which fails once a few clusters share an account.
        const logGroup = new aws.cloudwatch.LogGroup(
            `${name}-broker-logs`,
            {
                name: `/aws/vendedlogs/platform/${name}/msk-brokers`,
                retentionInDays: args.logRetentionDays,
                kmsKeyId: args.logKmsKeyArn,
            },
            child,
        );
        // No kafkaVersions: the configuration then fits every version, and a version upgrade does not replace it.
        const configuration = new aws.msk.Configuration(
            `${name}-config`,
            {
                description: `${name}: declared topics only, replication ${Math.min(3, settings.brokerCount)}`,
                serverProperties: kafkaServerProperties(settings.brokerCount),
            },
            child,
        );

        const cluster = new aws.msk.Cluster(
            `${name}-msk`,
            {
                kafkaVersion: settings.kafkaVersion,
                numberOfBrokerNodes: settings.brokerCount,
                brokerNodeGroupInfo: {
                    instanceType: settings.instanceType,
                    clientSubnets: args.subnetIds,
                    securityGroups: [sg.id],
                    storageInfo: { ebsStorageInfo: { volumeSize: settings.volumeSizeGb } },
                    connectivityInfo: { publicAccess: { type: "DISABLED" } },
                },
                configurationInfo: { arn: configuration.arn, revision: configuration.latestRevision },
                encryptionInfo: {
                    encryptionAtRestKmsKeyArn: args.kmsKeyArn,
                    encryptionInTransit: { clientBroker: "TLS", inCluster: true },
                },
                clientAuthentication: {
                    sasl: { iam: true, scram: false },
                    unauthenticated: false,
                },
                loggingInfo: {
                    brokerLogs: { cloudwatchLogs: { enabled: true, logGroup: logGroup.name } },
                },
                enhancedMonitoring: "DEFAULT",
            },
            { parent: this, protect: args.protect },
        );

        this.bootstrapBrokersIam = cluster.bootstrapBrokersSaslIam;
        this.bootstrapBrokersTls = cluster.bootstrapBrokersTls;
        this.clusterArn = cluster.arn;
        this.clusterName = cluster.clusterName;
        this.securityGroupId = sg.id;
        this.registerOutputs({
            bootstrapBrokersIam: this.bootstrapBrokersIam,
            clusterArn: this.clusterArn,
            clusterName: this.clusterName,
            securityGroupId: this.securityGroupId,
        });
    }
}

/**
 * IAM resources of a cluster for kafka-cluster:* policies: the cluster itself, its topics and its consumer groups.
 * Topic and group ARNs are the cluster ARN with :cluster/ swapped for :topic/ or :group/, plus /<name>.
 */
export function kafkaResourceArns(clusterArn: string, topic = "*", group = "*"): { cluster: string; topic: string; group: string } {
    return {
        cluster: clusterArn,
        topic: `${clusterArn.replace(":cluster/", ":topic/")}/${topic}`,
        group: `${clusterArn.replace(":cluster/", ":group/")}/${group}`,
    };
}
